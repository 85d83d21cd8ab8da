import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSV_FILES, fromCsv, type CsvEntity } from './territory-csv.format';

type Item = Record<string, unknown>;

/**
 * Reads a directory of territory CSVs into the body of `PUT /api/v1/topology`. Files that are
 * absent contribute nothing; unknown columns are refused so a misspelt header is not silently lost.
 */
export function readTerritoryCsv(
  dir: string,
  onFile: (entity: CsvEntity, rows: number) => void = () => undefined,
): Record<string, Item[]> {
  const body: Record<string, Item[]> = {};
  const read = (entity: CsvEntity): Item[] => {
    const { file, columns } = CSV_FILES[entity];
    const path = join(dir, file);
    if (!existsSync(path)) return [];
    const records = parse<Record<string, string>>(readFileSync(path), {
      columns: true,
      trim: true,
      skip_empty_lines: true,
      bom: true,
    });
    const unknown = Object.keys(records[0] ?? {}).filter((c) => !(columns as readonly string[]).includes(c));
    if (unknown.length)
      throw new Error(`${file}: unknown column(s) ${unknown.join(', ')}; expected ${columns.join(', ')}`);
    onFile(entity, records.length);
    return records.map((r) =>
      Object.fromEntries(
        Object.entries(r)
          .filter(([, v]) => v !== '')
          .map(([k, v]) => [k, fromCsv(k, v)]),
      ),
    );
  };
  for (const entity of [
    'feeders',
    'cells',
    'transformers',
    'gateways',
    'customers',
    'meters',
    'staff',
  ] as const) {
    const items = read(entity);
    if (items.length) body[entity] = items;
  }
  const posts = read('staffCells');
  for (const post of posts) {
    const member = body.staff?.find((s) => s.id === post.staffId);
    if (!member)
      throw new Error(
        `${CSV_FILES.staffCells.file}: staff "${String(post.staffId)}" is not in ${CSV_FILES.staff.file}`,
      );
    ((member.cells as Item[] | undefined) ?? (member.cells = [])).push({
      cellId: post.cellId,
      role: post.role,
    });
  }
  return body;
}
