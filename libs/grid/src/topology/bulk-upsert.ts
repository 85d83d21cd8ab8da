import type { EntityManager } from 'typeorm';

export interface UpsertColumn<T> {
  name: string;
  /** PostgreSQL element type of the unnest array, e.g. `text`, `real`. */
  type: string;
  value: (row: T) => unknown;
}

/**
 * Upserts rows by primary key in one statement, passing each column as an array through unnest:
 * one round trip whatever the row count, no row-by-row INSERTs.
 */
export async function bulkUpsert<T>(
  manager: EntityManager,
  table: string,
  columns: UpsertColumn<T>[],
  rows: T[],
  key = 'id',
): Promise<number> {
  if (!rows.length) return 0;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const updates = columns
    .filter((c) => c.name !== key)
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .concat('"updated_at" = now()')
    .join(', ');
  await manager.query(
    `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT ("${key}") DO UPDATE SET ${updates}`,
    columns.map((c) => rows.map((r) => c.value(r) ?? null)),
  );
  return rows.length;
}
