import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import {
  GATEWAY_STATUS_SCHEMA,
  ISO_WITH_OFFSET,
  METER_EVENT_SCHEMA,
  READING_SCHEMA,
} from '@gridcell/contracts';
import type { DecodedMessage, ReadingInput, Rejection } from './decoded-message';
import { parseDeviceTopic } from './device-topic';
import {
  MAX_MESSAGE_BYTES,
  MAX_READING_BYTES,
  MAX_READINGS_PER_MESSAGE,
  QUARANTINE_KEEP_BYTES,
} from './payload-limits';

const EARLIEST_TS = Date.UTC(2000, 0, 1);
// Shared by every message that has nothing of a kind; never pushed to (see decode()).
const NONE: never[] = [];
type Json = Record<string, unknown>;
type Phases = ReadingInput['voltage'];

export interface DecoderOptions {
  topicPrefix: string;
  /** Readings further in the future than this are refused. */
  futureToleranceMs: number;
}

class Refused extends Error {}

/**
 * Turns one MQTT message into validated readings, events and statuses (CONTRACT 1), and says why
 * anything it refuses was refused. Pure apart from the clock passed in; never throws.
 */
export class MessageDecoder {
  private readonly ajv = new Ajv({ allErrors: false, strict: false });
  private readonly reading: ValidateFunction = this.ajv.compile(READING_SCHEMA);
  private readonly event: ValidateFunction = this.ajv.compile(METER_EVENT_SCHEMA);
  private readonly status: ValidateFunction = this.ajv.compile(GATEWAY_STATUS_SCHEMA);

  constructor(private readonly options: DecoderOptions) {}

  decode(topic: string, payload: Buffer, receivedAt: number): DecodedMessage {
    // Most messages fill one list: the others share an empty one until something is added.
    const out: DecodedMessage = { readings: NONE, events: NONE, statuses: NONE, rejections: NONE };
    const refuseWhole = (reason: string) => (out.rejections = [{ reason, payload: keep(payload) }]);
    const target = parseDeviceTopic(this.options.topicPrefix, topic);
    if (!target) return (refuseWhole(`not a device topic under "${this.options.topicPrefix}/"`), out);
    if (payload.length > MAX_MESSAGE_BYTES)
      return (refuseWhole(`message of ${payload.length} bytes exceeds ${MAX_MESSAGE_BYTES}`), out);
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch (error) {
      return (refuseWhole(`not valid JSON: ${(error as Error).message}`), out);
    }
    try {
      switch (target.kind) {
        case 'meter-reading':
        case 'meter-reply':
        case 'gateway-readings':
          this.decodeReadings(
            body,
            payload.length,
            target.kind === 'gateway-readings' ? null : target.id,
            receivedAt,
            out,
          );
          break;
        case 'meter-event': {
          const e = this.check(this.event, body, 'event');
          out.events = [];
          out.events.push({
            meterId: target.id,
            ts: this.time(e.ts, receivedAt, 'ts'),
            type: e.type as never,
            phase: (e.phase as never) ?? null,
            source: body,
          });
          break;
        }
        case 'gateway-status': {
          const s = this.check(this.status, body, 'status');
          // A will message carries no ts: the receive time is the best we know.
          const ts = s.ts === undefined ? receivedAt : this.time(s.ts, receivedAt, 'ts');
          out.statuses = [{ gatewayId: target.id, ts, state: s.state as never }];
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      return {
        readings: [],
        events: [],
        statuses: [],
        rejections: [{ reason: error.message, payload: keep(payload) }],
      };
    }
    return out;
  }

  private decodeReadings(
    body: unknown,
    payloadBytes: number,
    topicMeterId: string | null,
    receivedAt: number,
    out: DecodedMessage,
  ): void {
    const items = Array.isArray(body) ? body : [body];
    if (items.length > MAX_READINGS_PER_MESSAGE)
      throw new Refused(`${items.length} readings exceed ${MAX_READINGS_PER_MESSAGE} per message`);
    if (items.length === 0) throw new Refused('empty array: no readings');
    // No item can exceed the bound when the whole message does not.
    if (payloadBytes > MAX_READING_BYTES) {
      items.forEach((item, i) => {
        if (mayExceed(item) && Buffer.byteLength(JSON.stringify(item)) > MAX_READING_BYTES) {
          throw new Refused(`reading ${i} exceeds ${MAX_READING_BYTES} bytes`);
        }
      });
    }
    const label = (i: number) => (Array.isArray(body) ? `readings[${i}]` : 'reading');
    items.forEach((item, i) => {
      try {
        if (out.readings === NONE) out.readings = [];
        out.readings.push(this.toReading(item, topicMeterId, receivedAt, label(i)));
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        if (out.rejections === NONE) out.rejections = [];
        out.rejections.push({ reason: error.message, payload: Buffer.from(JSON.stringify(item) ?? 'null') });
      }
    });
  }

  private toReading(
    item: unknown,
    topicMeterId: string | null,
    receivedAt: number,
    label: string,
  ): ReadingInput {
    const r = this.check(this.reading, item, label);
    const meterId = (r.meterId as string | undefined) ?? topicMeterId;
    if (!meterId) throw new Refused(`${label}: meterId is required in a gateway batch`);
    if (topicMeterId && meterId !== topicMeterId)
      throw new Refused(`${label}: meterId "${meterId}" does not match the topic's "${topicMeterId}"`);
    const reading: ReadingInput = {
      meterId,
      meterNum: 0,
      ts: this.time(r.ts, receivedAt, `${label}.ts`),
      energyKwh: (r.energyKwh as number | undefined) ?? null,
      voltage: phases(r.voltageV),
      current: phases(r.currentA),
      powerKw: (r.powerKw as number | undefined) ?? null,
      powerFactor: (r.powerFactor as number | undefined) ?? null,
      frequencyHz: (r.frequencyHz as number | undefined) ?? null,
      source: item,
    };
    const carriesQuantity =
      reading.energyKwh !== null ||
      reading.powerKw !== null ||
      reading.powerFactor !== null ||
      reading.frequencyHz !== null ||
      reading.voltage.some((v) => v !== null) ||
      reading.current.some((v) => v !== null);
    if (!carriesQuantity) throw new Refused(`${label}: carries no quantity`);
    return reading;
  }

  private check(validate: ValidateFunction, value: unknown, label: string): Json {
    if (validate(value)) return value as Json;
    const errors = validate.errors ?? [];
    throw new Refused(`${label}: ${describe(errors.find((e) => e.keyword === 'anyOf') ?? errors[0])}`);
  }

  private time(value: unknown, receivedAt: number, label: string): number {
    let ms: number;
    if (typeof value === 'number') {
      ms = value;
    } else {
      if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value))
        throw new Refused(`${label} must be ISO-8601 with a zone offset or epoch milliseconds`);
      ms = Date.parse(value);
    }
    if (!Number.isFinite(ms) || ms < EARLIEST_TS) throw new Refused(`${label} is not a plausible time`);
    if (ms > receivedAt + this.options.futureToleranceMs) {
      throw new Refused(
        `${label} ${new Date(ms).toISOString()} is in the future (received ${new Date(receivedAt).toISOString()})`,
      );
    }
    return ms;
  }
}

function phases(value: unknown): Phases {
  if (value === undefined) return [null, null, null];
  if (typeof value === 'number') return [value, null, null];
  return value as Phases;
}

/** Cheap test that lets ordinary readings skip measuring their serialised size (no allocation). */
function mayExceed(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  let keys = 0;
  for (const key in item) {
    if (++keys > 16) return true;
    const v = (item as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > 512) return true;
    } else if (typeof v === 'object' && v !== null) {
      if (!Array.isArray(v) || v.length > 3) return true;
      for (const x of v as unknown[]) if (typeof x === 'object' && x !== null) return true;
    }
  }
  return false;
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'invalid';
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'anyOf') {
    return path === 'ts'
      ? 'ts must be ISO-8601 with a zone offset or integer epoch milliseconds'
      : `${path} must be a number or an array of 3 numbers, within plausible bounds`;
  }
  if (error.keyword === 'enum')
    return `${path} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${path ? `${path} ` : ''}${error.message ?? 'is invalid'}`;
}

function keep(payload: Buffer): Buffer {
  return payload.length > QUARANTINE_KEEP_BYTES ? payload.subarray(0, QUARANTINE_KEEP_BYTES) : payload;
}

export type { Rejection };
