import type { WorkOrderType } from '@gridcell/contracts';

export const AREA_CLASSES = ['urban', 'rural', 'remote'] as const;
export type AreaClass = (typeof AREA_CLASSES)[number];

/** A length of time on the service clock: calendar minutes, or working days in the territory's calendar. */
export type SlaSpan = { minutes: number } | { workingDays: number };

/**
 * Two clocks per order: `respond` (crew on site, or first response to the customer) from creation,
 * and `resolve` (power back, or the case answered) from arrival where there is one, else from
 * creation. `resolve` null: no second deadline.
 */
export interface SlaTarget {
  respond: SlaSpan;
  resolve: SlaSpan | null;
}

const min = (minutes: number): SlaSpan => ({ minutes });
const hours = (h: number): SlaSpan => ({ minutes: h * 60 });
const workingDays = (n: number): SlaSpan => ({ workingDays: n });
const same = (t: SlaTarget): Record<AreaClass, SlaTarget> => ({ urban: t, rural: t, remote: t });

/**
 * Defaults from State Grid's public service commitments (DOMAIN.md): repair crews on site within
 * 45 / 90 / 120 minutes (urban / rural / remote) and power back within 3 / 4 hours of arrival (none
 * is published for remote areas: the rural 4 h is used); complaints answered first within 24 h;
 * residential low-voltage connections within 5 working days. The rest are GridCell's own, and all
 * are configurable (SLA_TARGETS).
 */
export const DEFAULT_SLA_TARGETS: Record<WorkOrderType, Record<AreaClass, SlaTarget>> = {
  outage_repair: {
    urban: { respond: min(45), resolve: hours(3) },
    rural: { respond: min(90), resolve: hours(4) },
    remote: { respond: min(120), resolve: hours(4) },
  },
  voltage_quality: same({ respond: hours(24), resolve: workingDays(10) }),
  meter_fault: same({ respond: hours(24), resolve: hours(48) }),
  communication_fault: same({ respond: workingDays(2), resolve: workingDays(3) }),
  connection_request: same({ respond: workingDays(1), resolve: workingDays(5) }),
  billing_inquiry: same({ respond: hours(24), resolve: workingDays(5) }),
  complaint: same({ respond: hours(24), resolve: workingDays(5) }),
  scheduled_inspection: same({ respond: workingDays(5), resolve: null }),
};

/** `90m`, `4h`, `5wd` (working days). */
export function parseSpan(text: string): SlaSpan | null {
  const m = /^(\d+(?:\.\d+)?)(m|h|wd)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'wd' ? workingDays(n) : min(m[2] === 'h' ? n * 60 : n);
}

/**
 * The targets in force: the defaults with the overrides of SLA_TARGETS, a JSON object such as
 * `{"outage_repair": {"rural": {"respond": "60m", "resolve": "4h"}}}`. Throws naming what is wrong.
 */
export function slaTargets(json: string | undefined): Record<WorkOrderType, Record<AreaClass, SlaTarget>> {
  const targets = structuredClone(DEFAULT_SLA_TARGETS);
  if (!json) return targets;
  let overrides: unknown;
  try {
    overrides = JSON.parse(json);
  } catch (error) {
    throw new Error(`SLA_TARGETS is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const problems: string[] = [];
  for (const [type, classes] of Object.entries(
    overrides as Record<string, Record<string, Record<string, unknown>>>,
  )) {
    if (!(type in targets)) {
      problems.push(`unknown work-order type "${type}"`);
      continue;
    }
    for (const [areaClass, spans] of Object.entries(classes ?? {})) {
      if (!(AREA_CLASSES as readonly string[]).includes(areaClass)) {
        problems.push(`${type}: unknown area class "${areaClass}"`);
        continue;
      }
      const target = targets[type as WorkOrderType][areaClass as AreaClass];
      for (const [clock, value] of Object.entries(spans ?? {})) {
        const span =
          value === null && clock === 'resolve'
            ? null
            : typeof value === 'string'
              ? parseSpan(value)
              : undefined;
        if (
          span === undefined ||
          (span === null && clock !== 'resolve') ||
          !['respond', 'resolve'].includes(clock)
        )
          problems.push(`${type}.${areaClass}.${clock}: expected "90m", "4h" or "5wd"`);
        else if (clock === 'respond') target.respond = span!;
        else target.resolve = span;
      }
    }
  }
  if (problems.length) throw new Error(`SLA_TARGETS: ${problems.join('; ')}`);
  return targets;
}
