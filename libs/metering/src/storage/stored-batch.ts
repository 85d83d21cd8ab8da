/** Rows ready for storage; times are epoch milliseconds. */
export interface ReadingRow {
  meterNum: number;
  ts: number;
  energyKwh: number | null;
  voltage: [number | null, number | null, number | null];
  current: [number | null, number | null, number | null];
  powerKw: number | null;
  powerFactor: number | null;
  frequencyHz: number | null;
}

export interface MeterEventRow {
  meterNum: number;
  ts: number;
  type: string;
  phase: string | null;
}

export interface GatewayStatusRow {
  gatewayId: string;
  ts: number;
  state: string;
}

export interface QuarantineRow {
  receivedAt: number;
  topic: string;
  payload: Buffer;
  payloadBytes: number;
  reason: string;
}

/** Everything one group commit writes, atomically. */
export interface StoredBatch {
  readings: ReadingRow[];
  events: MeterEventRow[];
  statuses: GatewayStatusRow[];
  quarantine: QuarantineRow[];
}

export const HOUR_MS = 3_600_000;
export const METER_BLOCK_BITS = 10;

/**
 * Rollup hours are hour-ending, like interval data: a reading at 09:00:00 closes the 08:00 hour.
 * So an hour's last register value is the register at the hour's end.
 */
export function rollupHour(ts: number): number {
  return Math.floor((ts - 1) / HOUR_MS) * HOUR_MS;
}
