import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../../libs/database/src/migrate';
import { writeTerritoryCsv } from '../../libs/grid/src/csv/territory-csv.writer';
import { PasswordHasher } from '../../libs/identity/src/password.hasher';
import { benchServices, built, createRunDatabase } from '../support/test-services';
import { countyTerritory } from '../support/territory.factory';
import { startBenchApi } from './bench-api';

/**
 * `npm run bench:territory`: a county's territory (BENCH_COUNTY_METERS meters and customers, one
 * transformer and concentrator per 100 meters) imported through `PUT /api/v1/topology` and through
 * the CSV CLI, beside baselines measured in the same run: JSON.parse of the same body, and a raw
 * COPY of the same rows into bare tables (no keys, no indexes, no checks) — the floor for moving
 * these rows into this database at all. DATABASE_URL selects a real server; otherwise PGlite.
 */
const METERS = Number(process.env.BENCH_COUNTY_METERS ?? 500_000);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const services = await benchServices();
  try {
    const engine = await migrate(services.databaseUrl);
    const county = countyTerritory('bench', METERS);
    const body = JSON.stringify(county);
    console.log(`bench:territory — ${engine.kind}, ${cpus().length} cores`);
    console.log(
      `county: ${METERS.toLocaleString('en-US')} meters and customers, ${county.transformers.length.toLocaleString('en-US')} transformers and concentrators, ${county.cells.length.toLocaleString('en-US')} cells, ${county.staff.length.toLocaleString('en-US')} staff; body ${(body.length / 1e6).toFixed(0)} MB\n`,
    );

    const parse = timed(() => JSON.parse(body) as unknown);
    const copy = await rawCopy(services.databaseUrl, county, engine.copy);
    console.log('baselines (same run)');
    console.log(`  JSON.parse of the body                          ${s(parse).padStart(8)}`);
    console.log(
      `  raw ${engine.copy ? 'COPY' : 'INSERT'} of the rows into bare tables           ${s(copy).padStart(8)}`,
    );

    const [first, again] = await httpImports(services.databaseUrl, services.mqttUrl, body);
    console.log('\nPUT /api/v1/topology (validated, atomic, through the API process)');
    console.log(
      `  first import into an empty territory            ${s(first).padStart(8)}   ${ratio(copy + parse, first)}`,
    );
    console.log(`  the same body again (nothing changes)            ${s(again).padStart(8)}`);

    const csv = await cliImport(services.databaseUrl, county);
    console.log('\nnpm run territory -- import <csv dir> (a fresh database)');
    console.log(`  first import, whole CLI run                     ${s(csv).padStart(8)}`);

    const hasher = new PasswordHasher();
    const passwords = Array.from({ length: 200 }, (_, i) => `initial-password-${i}`);
    const hashing = await timedAsync(() => hasher.hashMany(passwords));
    console.log(
      `\ninitial passwords: ${(hashing / passwords.length).toFixed(1)} ms of argon2id per new account (${passwords.length} hashed on ${cpus().length} cores); re-imports hash nothing`,
    );
  } finally {
    await services.close();
  }
}

function ratio(floor: number, ours: number): string {
  return `(${(ours / floor).toFixed(1)}× the baseline parse + copy)`;
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function httpImports(databaseUrl: string, mqttUrl: string, body: string): Promise<number[]> {
  const { url: base, adminToken: accessToken, app: api } = await startBenchApi(databaseUrl, mqttUrl);
  try {
    const put = async () => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/topology`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body,
      });
      if (!res.ok) throw new Error(`PUT /api/v1/topology: ${res.status} ${(await res.text()).slice(0, 500)}`);
      await res.json();
      return performance.now() - started;
    };
    return [await put(), await put()];
  } finally {
    await api.stop();
  }
}

async function cliImport(serverUrl: string, county: ReturnType<typeof countyTerritory>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcell-bench-csv-'));
  writeTerritoryCsv(dir, county);
  const fresh = await createRunDatabase(serverUrl);
  try {
    await migrate(fresh.url);
    const started = performance.now();
    const child = spawn(process.execPath, [built('apps/cli/src/main.ts'), 'import', dir], {
      env: { ...process.env, DATABASE_URL: fresh.url },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [code] = (await once(child, 'exit')) as [number];
    if (code !== 0) throw new Error(`territory import exited with ${code}`);
    return performance.now() - started;
  } finally {
    await fresh.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** COPY of the county's rows into scratch tables without keys, indexes or checks. */
async function rawCopy(
  url: string,
  county: ReturnType<typeof countyTerritory>,
  copy: boolean,
): Promise<number> {
  const tables: [string, string[], unknown[][]][] = [
    ['feeders', ['id text', 'name text'], county.feeders.map((f) => [f.id, f.name])],
    ['cells', ['id text', 'name text'], county.cells.map((c) => [c.id, c.name])],
    [
      'transformers',
      ['id text', 'feeder_id text', 'cell_id text', 'rated_kva real', 'lat float8', 'lon float8'],
      county.transformers.map((t) => [t.id, t.feederId, t.cellId, t.ratedKva, t.lat, t.lon]),
    ],
    ['gateways', ['id text', 'transformer_id text'], county.gateways.map((g) => [g.id, g.transformerId])],
    [
      'customers',
      ['id text', 'name text', 'phone text', 'vulnerable bool'],
      county.customers.map((c) => [c.id, c.name, c.phone, c.vulnerable]),
    ],
    [
      'meters',
      [
        'id text',
        'transformer_id text',
        'gateway_id text',
        'customer_id text',
        'phases int2',
        'interval_s int4',
        'last_gasp bool',
      ],
      county.meters.map((m) => [
        m.id,
        m.transformerId,
        m.gatewayId,
        m.customerId,
        m.phases,
        m.intervalS,
        m.lastGasp,
      ]),
    ],
  ];
  const texts = tables.map(([, , rows]) => rows.map((r) => r.join('\t')).join('\n') + '\n');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (const [name, columns] of tables)
      await db.query(`CREATE TABLE bench_raw_${name} (${columns.join(', ')})`);
    const started = performance.now();
    for (const [i, [name, , rows]] of tables.entries()) {
      if (copy) {
        const stream = db.query(copyFrom(`COPY bench_raw_${name} FROM STDIN`));
        const done = once(stream, 'finish');
        stream.end(texts[i]);
        await done;
      } else {
        for (let from = 0; from < rows.length; from += 20_000) {
          const chunk = rows.slice(from, from + 20_000);
          const width = tables[i][1].length;
          await db.query(
            `INSERT INTO bench_raw_${name} SELECT * FROM unnest(${tables[i][1].map((c, k) => `$${k + 1}::${c.split(' ')[1]}[]`).join(', ')})`,
            Array.from({ length: width }, (_, k) => chunk.map((r) => r[k])),
          );
        }
      }
    }
    return performance.now() - started;
  } finally {
    for (const [name] of tables) await db.query(`DROP TABLE IF EXISTS bench_raw_${name}`);
    await db.end();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
