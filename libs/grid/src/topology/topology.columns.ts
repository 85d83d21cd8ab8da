import type { UpsertColumn } from './bulk-upsert';
import type {
  CellDto,
  CustomerDto,
  FeederDto,
  GatewayDto,
  MeterDto,
  StaffDto,
  TransformerDto,
} from './topology.dto';

function col<T>(name: string, type: string, value: (row: T) => unknown): UpsertColumn<T> {
  return { name, type, value };
}

/** How each imported item maps onto its table's columns. */
export const FEEDER_COLUMNS: UpsertColumn<FeederDto>[] = [
  col('id', 'text', (x) => x.id),
  col('name', 'text', (x) => x.name),
];

export const CELL_COLUMNS: UpsertColumn<CellDto>[] = [
  col('id', 'text', (x) => x.id),
  col('name', 'text', (x) => x.name),
  col('area_class', 'text', (x) => x.areaClass ?? 'rural'),
  col('boundary', 'jsonb', (x) => (x.boundary ? JSON.stringify(x.boundary) : null)),
];

export const TRANSFORMER_COLUMNS: UpsertColumn<TransformerDto>[] = [
  col('id', 'text', (x) => x.id),
  col('feeder_id', 'text', (x) => x.feederId),
  col('cell_id', 'text', (x) => x.cellId),
  col('rated_kva', 'real', (x) => x.ratedKva),
  col('lat', 'float8', (x) => x.lat),
  col('lon', 'float8', (x) => x.lon),
];

export const GATEWAY_COLUMNS: UpsertColumn<GatewayDto>[] = [
  col('id', 'text', (x) => x.id),
  col('transformer_id', 'text', (x) => x.transformerId),
];

export const CUSTOMER_COLUMNS: UpsertColumn<CustomerDto>[] = [
  col('id', 'text', (x) => x.id),
  col('name', 'text', (x) => x.name),
  col('phone', 'text', (x) => x.phone),
  col('vulnerable', 'bool', (x) => x.vulnerable ?? false),
];

export const METER_COLUMNS: UpsertColumn<MeterDto>[] = [
  col('id', 'text', (x) => x.id),
  col('transformer_id', 'text', (x) => x.transformerId),
  col('gateway_id', 'text', (x) => x.gatewayId),
  col('customer_id', 'text', (x) => x.customerId),
  col('phases', 'int2', (x) => x.phases ?? 1),
  col('interval_s', 'int4', (x) => x.intervalS ?? 900),
  col('last_gasp', 'bool', (x) => x.lastGasp ?? true),
  col('lat', 'float8', (x) => x.lat),
  col('lon', 'float8', (x) => x.lon),
];

export const STAFF_COLUMNS: UpsertColumn<StaffDto>[] = [
  col('id', 'text', (x) => x.id),
  col('name', 'text', (x) => x.name),
];
