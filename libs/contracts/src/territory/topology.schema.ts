import type { FromSchema } from 'json-schema-to-ts';
import { ID_PATTERN_SOURCE } from '../identifiers';

/** Most items of one kind in a single import: a large county with room to spare. */
export const MAX_TOPOLOGY_ITEMS = 2_000_000;

const id = { type: 'string', pattern: ID_PATTERN_SOURCE } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const lat = { type: 'number', minimum: -90, maximum: 90 } as const;
const lon = { type: 'number', minimum: -180, maximum: 180 } as const;
const password = { type: 'string', minLength: 8, maxLength: 128 } as const;

/** A GeoJSON position, `[lon, lat]` (RFC 7946: longitude first), optionally with an altitude. */
const position = { type: 'array', minItems: 2, maxItems: 3, items: [lon, lat, { type: 'number' }] } as const;
/** A linear ring: at least four positions, the last equal to the first (checked by the importer). */
const ring = { type: 'array', minItems: 4, maxItems: 100_000, items: position } as const;
const polygon = { type: 'array', minItems: 1, maxItems: 1_000, items: ring } as const;

/** A cell's outline: a GeoJSON (RFC 7946) Polygon or MultiPolygon geometry in WGS 84. */
export const CELL_BOUNDARY_SCHEMA = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    {
      type: 'object',
      required: ['type', 'coordinates'],
      properties: { type: { const: 'Polygon' }, coordinates: polygon },
    },
    {
      type: 'object',
      required: ['type', 'coordinates'],
      properties: {
        type: { const: 'MultiPolygon' },
        coordinates: { type: 'array', minItems: 1, maxItems: 1_000, items: polygon },
      },
    },
  ],
} as const;

const collection = <const T>(items: T) => ({ type: 'array', maxItems: MAX_TOPOLOGY_ITEMS, items }) as const;

export const AREA_CLASSES = ['urban', 'rural', 'remote'] as const;
export const CELL_ROLES = ['primary', 'backup'] as const;

/**
 * CONTRACT 2 `PUT /api/v1/topology`: every collection optional, each item upserted by its id.
 * Extensions: a cell's `areaClass` (selects service targets) and `boundary`, a meter's lat/lon.
 * Fields outside the schema are ignored.
 */
export const TOPOLOGY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    feeders: collection({
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: { id, name: text(200) },
    }),
    cells: collection({
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: {
        id,
        name: text(200),
        areaClass: { enum: AREA_CLASSES },
        boundary: CELL_BOUNDARY_SCHEMA,
      },
    }),
    transformers: collection({
      type: 'object',
      required: ['id', 'feederId'],
      additionalProperties: false,
      properties: {
        id,
        feederId: id,
        cellId: id,
        ratedKva: { type: 'number', minimum: 0, maximum: 100_000 },
        lat,
        lon,
      },
    }),
    gateways: collection({
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id, transformerId: id },
    }),
    customers: collection({
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: {
        id,
        name: text(200),
        phone: text(32),
        vulnerable: { type: 'boolean' },
        password,
      },
    }),
    meters: collection({
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id,
        transformerId: id,
        gatewayId: id,
        customerId: id,
        phases: { enum: [1, 3] },
        intervalS: { type: 'integer', minimum: 60, maximum: 86_400 },
        lastGasp: { type: 'boolean' },
        lat,
        lon,
      },
    }),
    staff: collection({
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: {
        id,
        name: text(200),
        username: id,
        password,
        cells: {
          type: 'array',
          maxItems: 1_000,
          items: {
            type: 'object',
            required: ['cellId', 'role'],
            additionalProperties: false,
            properties: { cellId: id, role: { enum: CELL_ROLES } },
          },
        },
      },
    }),
  },
} as const;

export type TopologyBody = FromSchema<typeof TOPOLOGY_SCHEMA>;
export type FeederItem = NonNullable<TopologyBody['feeders']>[number];
export type CellItem = NonNullable<TopologyBody['cells']>[number];
export type CellBoundary = NonNullable<CellItem['boundary']>;
export type TransformerItem = NonNullable<TopologyBody['transformers']>[number];
export type GatewayItem = NonNullable<TopologyBody['gateways']>[number];
export type CustomerItem = NonNullable<TopologyBody['customers']>[number];
export type MeterItem = NonNullable<TopologyBody['meters']>[number];
export type StaffItem = NonNullable<TopologyBody['staff']>[number];
export type StaffPostItem = NonNullable<StaffItem['cells']>[number];

/** What an import applied, per collection. */
export type TopologyCounts = Record<keyof Required<TopologyBody>, number>;
