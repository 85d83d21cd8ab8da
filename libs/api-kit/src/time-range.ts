import { BadRequestException } from '@nestjs/common';

const DAY_MS = 86_400_000;
/** Longest range one request may ask for, per granularity of the answer. */
export const MAX_RANGE_DAYS = { hour: 93, day: 3 * 366, month: 20 * 366, readings: 93 } as const;

/** Resolves optional from/to (default: the last 7 days) and refuses inverted or overlong ranges. */
export function timeRange(
  query: { from?: string; to?: string },
  maxDays: number,
  now = Date.now(),
): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date(now);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new BadRequestException('from/to is not a valid time');
  if (from >= to) throw new BadRequestException('from must be before to');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS)
    throw new BadRequestException(`the range may span at most ${maxDays} days at this granularity`);
  return { from, to };
}
