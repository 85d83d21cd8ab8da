import { ID_PATTERN_SOURCE } from '../identifiers';

/** CONTRACT 1.3 meter event types. */
export const METER_EVENT_TYPES = [
  'power_down',
  'power_up',
  'phase_loss',
  'phase_restore',
  'cover_open',
  'reverse_energy',
  'battery_low',
] as const;
/** CONTRACT 1.4 gateway states. */
export const GATEWAY_STATES = ['online', 'offline', 'power_down'] as const;

/** ISO-8601 with a zone offset (CONTRACT 1), e.g. 2026-11-28T08:15:00+08:00. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const phaseValue = (minimum: number, maximum: number) => ({
  anyOf: [
    { type: 'number', minimum, maximum },
    { type: 'array', minItems: 3, maxItems: 3, items: { type: ['number', 'null'], minimum, maximum } },
  ],
});
const timestamp = { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'integer' }] };

/** JSON Schema of one reading (CONTRACT 1.1); plausibility bounds reject absurd values. */
export const READING_SCHEMA = {
  type: 'object',
  required: ['ts'],
  properties: {
    ts: timestamp,
    meterId: { type: 'string', pattern: ID_PATTERN_SOURCE },
    energyKwh: { type: 'number', minimum: 0, maximum: 1e9 },
    voltageV: phaseValue(0, 1000),
    currentA: phaseValue(-10000, 10000),
    powerKw: { type: 'number', minimum: -100000, maximum: 100000 },
    powerFactor: { type: 'number', minimum: -1, maximum: 1 },
    frequencyHz: { type: 'number', minimum: 40, maximum: 70 },
  },
} as const;

export const METER_EVENT_SCHEMA = {
  type: 'object',
  required: ['ts', 'type'],
  properties: {
    ts: timestamp,
    type: { enum: METER_EVENT_TYPES },
    phase: { enum: ['A', 'B', 'C'] },
  },
} as const;

export const GATEWAY_STATUS_SCHEMA = {
  type: 'object',
  required: ['state'],
  properties: { ts: timestamp, state: { enum: GATEWAY_STATES } },
} as const;
