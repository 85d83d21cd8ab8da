import type { Pool, PoolClient } from 'pg';

/** The position a consumer saved last, or null when it never saved one. */
export async function readCursor(db: Pool | PoolClient, consumer: string): Promise<number | null> {
  const { rows } = await db.query<{ position: string }>(
    'SELECT position FROM consumer_cursors WHERE consumer = $1',
    [consumer],
  );
  return rows.length ? Number(rows[0].position) : null;
}

export async function saveCursor(db: Pool | PoolClient, consumer: string, position: number): Promise<void> {
  await db.query(
    `INSERT INTO consumer_cursors (consumer, position, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (consumer) DO UPDATE SET position = GREATEST(consumer_cursors.position, EXCLUDED.position), updated_at = now()`,
    [consumer, position],
  );
}
