/**
 * Simulated time. At speed 1 with no start offset it is the wall clock. A demo can compress time
 * (speed 60: an interval every 15 s) or replay from a past instant; note that with speed > 1 the
 * simulated clock overtakes real time and the platform will eventually quarantine "future" readings.
 */
export interface SimClock {
  readonly speed: number;
  /** Simulated epoch ms now. */
  now(): number;
  /** Wall-clock ms to wait until the simulated clock reaches `simMs` (0 if already past). */
  wallDelayUntil(simMs: number): number;
}

export function createSimClock(
  options: { speed?: number; startAt?: number; wallNow?: () => number } = {},
): SimClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  const wallNow = options.wallNow ?? Date.now;
  const wallOrigin = wallNow();
  const simOrigin = options.startAt ?? wallOrigin;
  const now = () => simOrigin + (wallNow() - wallOrigin) * speed;
  return {
    speed,
    now,
    wallDelayUntil: (simMs) => Math.max(0, (simMs - now()) / speed),
  };
}
