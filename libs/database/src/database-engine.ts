/** Minimal query surface shared by a TypeORM DataSource, a pg Pool and a pg Client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export type EngineKind = 'timescaledb' | 'postgres' | 'pglite';

/**
 * What the connected database can do. One code path serves all three engines; the few
 * TimescaleDB calls sit behind {@link DatabaseEngine.hypertables}.
 */
export interface DatabaseEngine {
  kind: EngineKind;
  version: string;
  /** TimescaleDB loaded: hypertables, time_bucket, drop_chunks. */
  hypertables: boolean;
  /** `timescale` (community) licence: continuous aggregates and compression may be used. */
  timescaleCommunity: boolean;
  /** COPY FROM STDIN over the wire (not through the PGlite socket bridge). */
  copy: boolean;
}

async function rows<T>(db: Queryable, sql: string): Promise<T[]> {
  const result = (await db.query(sql)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Inspects the server once at start-up. */
export async function detectEngine(db: Queryable): Promise<DatabaseEngine> {
  const [{ version }] = await rows<{ version: string }>(db, 'SELECT version() AS version');
  if (/emscripten|emcc|wasm/i.test(version)) {
    return { kind: 'pglite', version, hypertables: false, timescaleCommunity: false, copy: false };
  }
  const ext = await rows<{ extversion: string }>(
    db,
    `SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`,
  );
  if (ext.length === 0)
    return { kind: 'postgres', version, hypertables: false, timescaleCommunity: false, copy: true };
  const [{ license }] = await rows<{ license: string }>(
    db,
    `SELECT current_setting('timescaledb.license', true) AS license`,
  );
  return {
    kind: 'timescaledb',
    version: `${version}; TimescaleDB ${ext[0].extversion} (${license})`,
    hypertables: true,
    timescaleCommunity: license === 'timescale',
    copy: true,
  };
}

/** True when the server can load TimescaleDB (installed and preloaded) but it is not created yet. */
export async function timescaleLoadable(db: Queryable): Promise<boolean> {
  const [row] = await rows<{ available: boolean; preloaded: string }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available,
            current_setting('shared_preload_libraries', true) AS preloaded`,
  );
  return row.available && /(^|[,\s])timescaledb($|[,\s])/.test(row.preloaded ?? '');
}
