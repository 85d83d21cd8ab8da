import type { ReadingRow } from '@gridcell/metering';
import type { GATEWAY_STATES, METER_EVENT_TYPES } from '@gridcell/contracts';

/**
 * A reading as validated from the wire. Times are epoch ms. `meterNum` is 0 until ingest resolves
 * the meter, after which the object itself is the stored row (no copy on the hot path).
 */
export interface ReadingInput extends ReadingRow {
  meterId: string;
  /** The item as it arrived, kept by reference for the quarantine should storage refuse it. */
  source: unknown;
}

export interface MeterEventInput {
  meterId: string;
  ts: number;
  type: (typeof METER_EVENT_TYPES)[number];
  phase: 'A' | 'B' | 'C' | null;
  source: unknown;
}

export interface GatewayStatusInput {
  gatewayId: string;
  ts: number;
  state: (typeof GATEWAY_STATES)[number];
}

/** Part of a message refused with its reason (CONTRACT 1.6). */
export interface Rejection {
  reason: string;
  /** What is kept: the whole payload, or the one offending item of a batch. */
  payload: Buffer;
}

export interface DecodedMessage {
  readings: ReadingInput[];
  events: MeterEventInput[];
  statuses: GatewayStatusInput[];
  rejections: Rejection[];
}
