import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { CELL_BOUNDARIES_FILE, CSV_FILES, fromCsv, type CsvEntity } from './territory-csv.format';

type Item = Record<string, unknown>;

export interface TerritoryCsv {
  /** The body of `PUT /api/v1/topology`, unvalidated. */
  body: Record<string, Item[]>;
  /** Where an error path of the body came from, e.g. `meters[3].id` → `meters.csv line 5`. */
  locate: (path: string) => string | undefined;
}

/** Bytes read so far of all the files present, for a progress bar. */
export type CsvProgress = (readBytes: number, totalBytes: number, file: string) => void;

const ENTITIES = ['feeders', 'cells', 'transformers', 'gateways', 'customers', 'meters', 'staff'] as const;

/**
 * Reads a directory of territory CSVs, streaming each file, into the body of
 * `PUT /api/v1/topology`. Files that are absent contribute nothing; unknown columns are refused so
 * a misspelt header is not silently lost. When staff_cells.csv is present it lists every post of
 * the staff in staff.csv.
 */
export async function readTerritoryCsv(
  dir: string,
  onProgress: CsvProgress = () => undefined,
): Promise<TerritoryCsv> {
  const present = Object.values(CSV_FILES)
    .map((f) => f.file)
    .filter((file) => existsSync(join(dir, file)));
  const total = present.reduce((n, file) => n + statSync(join(dir, file)).size, 0);
  let done = 0;
  const lines: Record<string, number[]> = {};
  const read = async (entity: CsvEntity): Promise<Item[]> => {
    const { file, columns } = CSV_FILES[entity];
    const path = join(dir, file);
    if (!existsSync(path)) return [];
    const stream = createReadStream(path);
    let fileBytes = 0;
    stream.on('data', (chunk) => {
      fileBytes += chunk.length;
      onProgress(done + fileBytes, total, file);
    });
    const parser = stream.pipe(
      parse({ columns: true, trim: true, skip_empty_lines: true, bom: true, info: true }),
    );
    const items: Item[] = [];
    const at: number[] = (lines[entity] = []);
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!items.length) {
        const unknown = Object.keys(record).filter((c) => !(columns as readonly string[]).includes(c));
        if (unknown.length)
          throw new Error(`${file}: unknown column(s) ${unknown.join(', ')}; expected ${columns.join(', ')}`);
      }
      const item: Item = {};
      for (const key in record) if (record[key] !== '') item[key] = fromCsv(key, record[key]);
      items.push(item);
      at.push(info.lines);
    }
    done += fileBytes;
    return items;
  };

  const body: Record<string, Item[]> = {};
  for (const entity of ENTITIES) {
    const items = await read(entity);
    if (items.length) body[entity] = items;
  }
  const postLines = new Map<string, number[]>();
  if (existsSync(join(dir, CSV_FILES.staffCells.file))) {
    const members = new Map((body.staff ?? []).map((s) => [s.id as string, s]));
    for (const member of members.values()) member.cells = [];
    const posts = await read('staffCells');
    posts.forEach((post, i) => {
      const member = members.get(post.staffId as string);
      if (!member)
        throw new Error(
          `${CSV_FILES.staffCells.file} line ${lines.staffCells[i]}: staff "${String(post.staffId)}" is not in ${CSV_FILES.staff.file}`,
        );
      (member.cells as Item[]).push({ cellId: post.cellId, role: post.role });
      const own = postLines.get(member.id as string) ?? [];
      own.push(lines.staffCells[i]);
      postLines.set(member.id as string, own);
    });
  }
  addBoundaries(dir, body.cells ?? []);

  const locate = (path: string): string | undefined => {
    const post = /^staff\[(\d+)\]\.cells\[(\d+)\]/.exec(path);
    if (post) {
      const line = postLines.get(body.staff?.[Number(post[1])]?.id as string)?.[Number(post[2])];
      return line ? `${CSV_FILES.staffCells.file} line ${line}` : undefined;
    }
    const item = /^(\w+)\[(\d+)\]/.exec(path);
    if (!item || !(item[1] in CSV_FILES)) return undefined;
    if (item[1] === 'cells' && path.includes('.boundary')) return CELL_BOUNDARIES_FILE;
    const line = lines[item[1]]?.[Number(item[2])];
    return line ? `${CSV_FILES[item[1] as CsvEntity].file} line ${line}` : undefined;
  };
  return { body, locate };
}

function addBoundaries(dir: string, cells: Item[]): void {
  const path = join(dir, CELL_BOUNDARIES_FILE);
  if (!existsSync(path)) return;
  let collection: { type?: unknown; features?: { properties?: { id?: unknown }; geometry?: unknown }[] };
  try {
    collection = JSON.parse(readFileSync(path, 'utf8')) as typeof collection;
  } catch (error) {
    throw new Error(`${CELL_BOUNDARIES_FILE}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features))
    throw new Error(`${CELL_BOUNDARIES_FILE}: must be a GeoJSON FeatureCollection`);
  const byId = new Map(cells.map((c) => [c.id, c]));
  collection.features.forEach((feature, i) => {
    const cell = byId.get(feature.properties?.id);
    if (!cell)
      throw new Error(
        `${CELL_BOUNDARIES_FILE}: features[${i}].properties.id ${JSON.stringify(feature.properties?.id)} is not a cell in ${CSV_FILES.cells.file}`,
      );
    cell.boundary = feature.geometry;
  });
}
