import { Pool } from 'pg';
import { buildGridIndex, type GridIndex, type IndexRows } from './grid-index';

/** The topology's version: changes whenever an import changes something. */
export async function topologyVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ v: string }>(
    `SELECT concat_ws('/', (SELECT count(*) FROM meters), (SELECT max(updated_at) FROM meters),
                           (SELECT count(*) FROM transformers), (SELECT max(updated_at) FROM transformers),
                           (SELECT count(*) FROM gateways), (SELECT max(updated_at) FROM gateways),
                           (SELECT max(updated_at) FROM customers)) AS v`,
  );
  return rows[0].v;
}

export async function loadGridIndex(pool: Pool): Promise<GridIndex> {
  const version = await topologyVersion(pool);
  const transformers = (
    await pool.query<IndexRows['transformers'][number]>(
      `SELECT id, feeder_id, cell_id FROM transformers ORDER BY id`,
    )
  ).rows;
  const gateways = (
    await pool.query<IndexRows['gateways'][number]>(`SELECT id, transformer_id FROM gateways ORDER BY id`)
  ).rows;
  const meters = (
    await pool.query<IndexRows['meters'][number]>(
      `SELECT m.id, m.transformer_id, m.gateway_id, m.customer_id, m.phases, m.interval_s, m.last_gasp, c.vulnerable
       FROM meters m LEFT JOIN customers c ON c.id = m.customer_id ORDER BY m.num`,
    )
  ).rows;
  return buildGridIndex({ version, transformers, gateways, meters });
}
