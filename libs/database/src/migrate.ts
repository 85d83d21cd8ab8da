import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { detectEngine, type DatabaseEngine } from './database-engine';

const MIGRATION_LOCK = 7031964;

/**
 * Applies pending migrations under an advisory lock, so API and ingest processes starting
 * together cannot race, and reports the engine it found.
 */
export async function migrate(
  url: string,
  log: (line: string) => void = () => undefined,
): Promise<DatabaseEngine> {
  const lock = new Client({ connectionString: url });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = new DataSource({ ...dataSourceOptions(url, 2), logging: ['error'] });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      for (const m of applied) log(`applied migration ${m.name}`);
      return await detectEngine(ds);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
