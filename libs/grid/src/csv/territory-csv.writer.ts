import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { TopologyBody } from '@gridcell/contracts';
import { CELL_BOUNDARIES_FILE, CSV_FILES, type CsvEntity } from './territory-csv.format';

type Item = Record<string, unknown>;

/** Writes a topology body (as exported, without passwords) as the directory of CSVs the reader takes. */
export function writeTerritoryCsv(dir: string, body: TopologyBody): Record<CsvEntity, number> {
  mkdirSync(dir, { recursive: true });
  const posts = (body.staff ?? []).flatMap((s) => (s.cells ?? []).map((c) => ({ staffId: s.id, ...c })));
  const rows: Record<CsvEntity, Item[]> = {
    feeders: body.feeders ?? [],
    cells: body.cells ?? [],
    transformers: body.transformers ?? [],
    gateways: body.gateways ?? [],
    customers: body.customers ?? [],
    meters: body.meters ?? [],
    staff: body.staff ?? [],
    staffCells: posts,
  };
  const counts = {} as Record<CsvEntity, number>;
  for (const [entity, items] of Object.entries(rows) as [CsvEntity, Item[]][]) {
    const { file, columns } = CSV_FILES[entity];
    const records = items.map((item) =>
      columns.map((c) =>
        item[c] === undefined || item[c] === null ? '' : String(item[c] as string | number | boolean),
      ),
    );
    writeFileSync(join(dir, file), stringify([[...columns], ...records]));
    counts[entity] = items.length;
  }
  const outlined = (body.cells ?? []).filter((c) => c.boundary);
  if (outlined.length) {
    const features = outlined.map((c) => ({
      type: 'Feature',
      properties: { id: c.id },
      geometry: c.boundary,
    }));
    writeFileSync(
      join(dir, CELL_BOUNDARIES_FILE),
      `${JSON.stringify({ type: 'FeatureCollection', features })}\n`,
    );
  }
  return counts;
}
