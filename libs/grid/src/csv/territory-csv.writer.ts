import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CSV_FILES, type CsvEntity } from './territory-csv.format';

type Item = Record<string, unknown>;

/** Writes a topology body (as exported, without passwords) as the directory of CSVs the reader takes. */
export function writeTerritoryCsv(
  dir: string,
  body: Record<string, Item[] | undefined>,
): Record<CsvEntity, number> {
  mkdirSync(dir, { recursive: true });
  const posts = (body.staff ?? []).flatMap((s) =>
    ((s.cells as Item[] | undefined) ?? []).map((c) => ({ staffId: s.id, ...c })),
  );
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
  return counts;
}
