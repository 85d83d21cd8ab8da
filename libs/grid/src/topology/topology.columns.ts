import type {
  CellItem,
  CustomerItem,
  FeederItem,
  GatewayItem,
  MeterItem,
  StaffItem,
  TransformerItem,
} from '@gridcell/contracts';
import type { ColumnValue, UpsertColumn, UpsertTable } from './staged-upsert';

function col<T>(name: string, type: string, value: (row: T) => ColumnValue): UpsertColumn<T> {
  return { name, type, value };
}

/** How each imported item maps onto its table's columns (defaults as in CONTRACT 2). */
export const FEEDERS: UpsertTable<FeederItem> = {
  name: 'feeders',
  columns: [col('id', 'text', (x) => x.id), col('name', 'text', (x) => x.name)],
};

export const CELLS: UpsertTable<CellItem> = {
  name: 'cells',
  columns: [
    col('id', 'text', (x) => x.id),
    col('name', 'text', (x) => x.name),
    col('area_class', 'text', (x) => x.areaClass ?? 'rural'),
    col('boundary', 'jsonb', (x) => (x.boundary ? JSON.stringify(x.boundary) : null)),
  ],
};

export const TRANSFORMERS: UpsertTable<TransformerItem> = {
  name: 'transformers',
  columns: [
    col('id', 'text', (x) => x.id),
    col('feeder_id', 'text', (x) => x.feederId),
    col('cell_id', 'text', (x) => x.cellId),
    col('rated_kva', 'real', (x) => x.ratedKva),
    col('lat', 'float8', (x) => x.lat),
    col('lon', 'float8', (x) => x.lon),
  ],
};

export const GATEWAYS: UpsertTable<GatewayItem> = {
  name: 'gateways',
  columns: [col('id', 'text', (x) => x.id), col('transformer_id', 'text', (x) => x.transformerId)],
};

export const CUSTOMERS: UpsertTable<CustomerItem> = {
  name: 'customers',
  columns: [
    col('id', 'text', (x) => x.id),
    col('name', 'text', (x) => x.name),
    col('phone', 'text', (x) => x.phone),
    col('vulnerable', 'bool', (x) => x.vulnerable ?? false),
  ],
};

export const METERS: UpsertTable<MeterItem> = {
  name: 'meters',
  serial: 'num',
  columns: [
    col('id', 'text', (x) => x.id),
    col('transformer_id', 'text', (x) => x.transformerId),
    col('gateway_id', 'text', (x) => x.gatewayId),
    col('customer_id', 'text', (x) => x.customerId),
    col('phases', 'int2', (x) => x.phases ?? 1),
    col('interval_s', 'int4', (x) => x.intervalS ?? 900),
    col('last_gasp', 'bool', (x) => x.lastGasp ?? true),
    col('lat', 'float8', (x) => x.lat),
    col('lon', 'float8', (x) => x.lon),
  ],
};

export const STAFF: UpsertTable<StaffItem> = {
  name: 'staff',
  columns: [col('id', 'text', (x) => x.id), col('name', 'text', (x) => x.name)],
};
