/**
 * The CSV files a power-supply station keeps, one per entity, as read and written by
 * `npm run territory -- import|export <dir>`: file name, then its columns in order. A column that
 * is empty in a row is absent from the item. Cell outlines travel beside them as a GeoJSON
 * FeatureCollection (CELL_BOUNDARIES_FILE). Documented in docs/territory-csv.md.
 */
export const CSV_FILES = {
  feeders: { file: 'feeders.csv', columns: ['id', 'name'] },
  cells: { file: 'cells.csv', columns: ['id', 'name', 'areaClass'] },
  transformers: { file: 'transformers.csv', columns: ['id', 'feederId', 'cellId', 'ratedKva', 'lat', 'lon'] },
  gateways: { file: 'gateways.csv', columns: ['id', 'transformerId'] },
  customers: { file: 'customers.csv', columns: ['id', 'name', 'phone', 'vulnerable', 'password'] },
  meters: {
    file: 'meters.csv',
    columns: [
      'id',
      'transformerId',
      'gatewayId',
      'customerId',
      'phases',
      'intervalS',
      'lastGasp',
      'lat',
      'lon',
    ],
  },
  staff: { file: 'staff.csv', columns: ['id', 'name', 'username', 'password'] },
  staffCells: { file: 'staff_cells.csv', columns: ['staffId', 'cellId', 'role'] },
} as const;

export type CsvEntity = keyof typeof CSV_FILES;

/** Cell outlines: features whose `properties.id` names a cell and whose geometry is its boundary. */
export const CELL_BOUNDARIES_FILE = 'cells.geojson';

const NUMBERS = new Set(['ratedKva', 'lat', 'lon', 'phases', 'intervalS']);
const BOOLEANS = new Set(['vulnerable', 'lastGasp']);

/** A CSV cell as the JSON value the topology import expects; unparseable values pass through for validation to name. */
export function fromCsv(column: string, text: string): unknown {
  if (NUMBERS.has(column)) return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (BOOLEANS.has(column))
    return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
  return text;
}
