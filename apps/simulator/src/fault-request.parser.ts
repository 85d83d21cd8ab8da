import { parseDuration } from './duration.util';
import { FAULT_KINDS, FaultKind, FaultRequest, Phase, PHASES } from './fault.model';

/** A request that cannot be carried out; its message is meant for the person who sent it (HTTP 400). */
export class FaultRequestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'FaultRequestError';
  }
}

/**
 * Durations when the request names none. Outages last long enough for crews to be sent (DOMAIN: 90 min
 * on site on average in rural areas, so half an hour is a short one); a service drop waits for a crew of
 * its own; a sag lasts over the hour after which utilities treat low voltage as a case.
 */
export const DEFAULT_DURATION_S: Record<FaultKind, number> = {
  'transformer-outage': 1800,
  'feeder-outage': 1800,
  'meter-outage': 7200,
  'gateway-comm-loss': 1800,
  momentary: 45,
  'nested-restoration': 1200,
  'voltage-sag': 5400,
  'phase-loss': 1800,
};

/** IEEE 1366: a momentary interruption lasts less than five minutes. */
export const MOMENTARY_MAX_MS = 300_000;
const MAX_DURATION_MS = 30 * 86_400_000;
/** A start this far in the past is "now": the request took a moment to arrive. */
const START_TOLERANCE_MS = 5_000;

/**
 * Checks the JSON body of `POST /faults` (or the CLI's options) and fills in defaults; every problem is
 * reported at once. Whether the asset exists is the planner's question.
 */
export function parseFaultRequest(body: unknown, now: number, defaults: { lastGaspP: number }): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FaultRequestError([
      'the body must be a JSON object such as {"kind":"transformer-outage","assetId":"T01-01"}',
    ]);
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const kind = b.kind as FaultKind;
  if (!FAULT_KINDS.includes(kind)) {
    problems.push(`kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(b.kind)}`);
  }
  if (typeof b.assetId !== 'string' || b.assetId === '') problems.push('assetId is required');

  const durationMs =
    b.duration === undefined ? (DEFAULT_DURATION_S[kind] ?? 0) * 1000 : parseDuration(b.duration);
  if (durationMs === null || !(durationMs > 0) || durationMs > MAX_DURATION_MS) {
    problems.push(
      `duration must be a positive duration up to 30d (e.g. 90s, 10m, 2h), got ${JSON.stringify(b.duration)}`,
    );
  } else if (kind === 'momentary' && durationMs >= MOMENTARY_MAX_MS) {
    problems.push(`a momentary lasts under 5 minutes (IEEE 1366), got ${JSON.stringify(b.duration)}`);
  }

  const startAt = parseStart(b.start, now);
  if (startAt === null) {
    problems.push(
      `start must be "now", "+10m", an ISO-8601 time or epoch ms, got ${JSON.stringify(b.start)}`,
    );
  } else if (startAt < now - START_TOLERANCE_MS) {
    // Readings already published for that time show consumption; a register cannot take it back.
    problems.push(
      `start ${new Date(startAt).toISOString()} is in the past (simulated now: ${new Date(now).toISOString()})`,
    );
  }

  const lastGaspP = b.lastGaspP ?? defaults.lastGaspP;
  if (typeof lastGaspP !== 'number' || !(lastGaspP >= 0 && lastGaspP <= 1)) {
    problems.push(`lastGaspP must be a probability 0..1, got ${JSON.stringify(b.lastGaspP)}`);
  }

  const request: FaultRequest = {
    kind,
    assetId: b.assetId as string,
    startAt: Math.max(startAt ?? now, now),
    durationMs: durationMs ?? 0,
    lastGaspP: lastGaspP as number,
  };
  const onlyFor = (field: string, kinds: FaultKind[]) => {
    if (b[field] !== undefined && !kinds.includes(kind))
      problems.push(`${field} applies to ${kinds.join(', ')} only`);
  };
  onlyFor('depth', ['voltage-sag']);
  onlyFor('phase', ['phase-loss']);
  onlyFor('stagger', ['nested-restoration']);
  onlyFor('straggler', ['nested-restoration']);

  if (kind === 'voltage-sag') {
    const depth = b.depth ?? 0.85;
    // Below half the voltage contactors drop out and electronics shut down: that is an outage, not a sag.
    if (typeof depth !== 'number' || !(depth >= 0.5 && depth < 1)) {
      problems.push(
        `depth must be a fraction of the normal voltage in [0.5, 1), got ${JSON.stringify(b.depth)}`,
      );
    } else request.depth = depth;
  }
  if (kind === 'phase-loss' && b.phase !== undefined) {
    if (!PHASES.includes(b.phase as Phase))
      problems.push(`phase must be A, B or C, got ${JSON.stringify(b.phase)}`);
    else request.phase = b.phase as Phase;
  }
  if (kind === 'nested-restoration') {
    const stagger = b.stagger === undefined ? 600_000 : parseDuration(b.stagger);
    if (stagger === null || !(stagger > 0) || stagger > MAX_DURATION_MS) {
      problems.push(`stagger must be a positive duration (e.g. 10m), got ${JSON.stringify(b.stagger)}`);
    } else request.staggerMs = stagger;
    if (b.straggler !== undefined && typeof b.straggler !== 'boolean') {
      problems.push(`straggler must be true or false, got ${JSON.stringify(b.straggler)}`);
    }
    request.straggler = b.straggler !== false;
  }
  if (problems.length > 0) throw new FaultRequestError(problems);
  return request;
}

function parseStart(value: unknown, now: number): number | null {
  if (value === undefined || value === null || value === 'now') return now;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (value.startsWith('+')) {
    const ahead = parseDuration(value.slice(1));
    return ahead === null ? null : now + ahead;
  }
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}
