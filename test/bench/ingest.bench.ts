import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { connect, connectAsync } from 'mqtt';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { IngestStats } from '../../libs/ingest/src/ingest.stats';
import { migrate } from '../../libs/database/src/migrate';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { benchServices, built, forgetSession, type BenchServices } from '../support/test-services';
import { benchReading, type BenchReading } from './bench-workload';

/**
 * `npm run bench:ingest`: readings/s committed by the ingest service, each beside a baseline
 * measured in the same run on the same services:
 *  (a) one reading per QoS 1 message, against a bare mqtt.js subscriber that only counts, both
 *      while the publisher runs (a live stream) and draining a backlog queued in the broker;
 *  (b) gateway batches of 1,000 readings, against a raw COPY of the same rows into a scratch
 *      table shaped like readings (a hypertable too on TimescaleDB), text format, data prepared
 *      before the clock starts, on one connection and on as many as ingest commits with.
 * The backlog figures leave the publisher out (both sides drain what was queued for their
 * persistent session); the live ones share the machine with it, as a real broker does with its
 * devices. DATABASE_URL / MQTT_URL select real services; otherwise embedded ones.
 */
const METERS = Number(process.env.BENCH_METERS ?? 10_000);
const SINGLE_MESSAGES = Number(process.env.BENCH_SINGLE_MESSAGES ?? 200_000);
const BATCH_READINGS = Number(process.env.BENCH_BATCH_READINGS ?? 2_000_000);
const PER_BATCH = 1000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const services = await benchServices();
  const db = new Client({ connectionString: services.databaseUrl });
  await db.connect();
  try {
    const engine = await migrate(services.databaseUrl);
    console.log(
      `bench:ingest — ${engine.kind} (${engine.version.split(' on ')[0]}${engine.kind === 'timescaledb' ? `, ${engine.version.split('; ')[1]}` : ''}), broker ${services.mqttUrl}`,
    );
    console.log(`fleet: ${fmt(METERS)} meters; machine: ${cpus().length} cores\n`);
    await db.query(
      `INSERT INTO meters (id) SELECT 'bench-M' || lpad(i::text, 6, '0') FROM generate_series(0, $1 - 1) i ON CONFLICT DO NOTHING`,
      [METERS],
    );

    console.log(`(a) one reading per message, QoS 1, ${fmt(SINGLE_MESSAGES)} messages`);
    let offset = 0;
    for (const delivery of ['live', 'backlog'] as const) {
      const bare = await bareSubscriberRate(services.mqttUrl, SINGLE_MESSAGES, delivery);
      const ours = await ingestRate(services, 'single', delivery, SINGLE_MESSAGES, SINGLE_MESSAGES, offset);
      offset += SINGLE_MESSAGES;
      const label = delivery === 'live' ? 'while the publisher runs' : 'draining a queued backlog';
      console.log(`    ${label}:`);
      console.log(`      bare mqtt.js subscriber, counting only  ${fmt(bare).padStart(10)} msg/s`);
      console.log(
        `      GridCell ingest, validated + committed  ${fmt(ours).padStart(10)} readings/s   ratio ${(ours / bare).toFixed(2)} (target >= 0.70)`,
      );
    }
    console.log('');

    console.log(`(b) gateway batches of ${fmt(PER_BATCH)} readings, ${fmt(BATCH_READINGS)} readings`);
    const method = engine.copy ? 'COPY' : 'unnest INSERT';
    const concurrency = Number(process.env.INGEST_COMMIT_CONCURRENCY ?? 2);
    const rawOne = await rawWriteRate(services.databaseUrl, engine, BATCH_READINGS, 2 * SINGLE_MESSAGES, 1);
    const rawMany = await rawWriteRate(
      services.databaseUrl,
      engine,
      BATCH_READINGS,
      2 * SINGLE_MESSAGES,
      concurrency,
    );
    const batched = await ingestRate(
      services,
      'batch',
      'backlog',
      BATCH_READINGS / PER_BATCH,
      BATCH_READINGS,
      2 * SINGLE_MESSAGES,
    );
    console.log(`      raw ${method}, one connection           ${fmt(rawOne).padStart(10)} rows/s`);
    console.log(
      `      raw ${method}, ${concurrency} connections (as ingest) ${fmt(rawMany).padStart(10)} rows/s`,
    );
    console.log(
      `      GridCell ingest, validated + committed  ${fmt(batched).padStart(10)} readings/s   ratio ${(batched / rawOne).toFixed(2)} / ${(batched / rawMany).toFixed(2)} (target >= 0.70)`,
    );
  } finally {
    await db.end();
    await services.close();
  }
}

type Delivery = 'live' | 'backlog';

/**
 * Plain mqtt.js receiving `n` messages (acking as it goes, doing nothing else): `live` while the
 * publisher runs, `backlog` draining what was queued for its session while it was away.
 */
async function bareSubscriberRate(url: string, n: number, delivery: Delivery): Promise<number> {
  const prefix = `benchbare${delivery}${process.pid}`;
  const options = {
    clientId: `bench-bare-${delivery}-${process.pid}`,
    clean: false,
    protocolVersion: 4 as const,
  };
  const setup = await connectAsync(url, options);
  await setup.subscribeAsync(`${prefix}/meters/+/reading`, { qos: 1 });
  if (delivery === 'backlog') {
    await setup.endAsync();
    await publishBacklog(url, prefix, 'single', n, 0);
  }
  const client = delivery === 'live' ? setup : connect(url, options);
  let count = 0;
  let first = 0;
  const received = new Promise<number>((resolve) => {
    client.on('message', () => {
      if (count++ === 0) first = performance.now();
      if (count === n) resolve(performance.now());
    });
  });
  const publishing = delivery === 'live' ? publishBacklog(url, prefix, 'single', n, 0) : Promise.resolve();
  const last = await received;
  await publishing;
  await client.endAsync();
  await forgetSession(url, options.clientId);
  return n / ((last - first) / 1000);
}

/** The real ingest module receiving the workload, timed from its first message to its last commit. */
async function ingestRate(
  services: BenchServices,
  mode: 'single' | 'batch',
  delivery: Delivery,
  messages: number,
  readings: number,
  firstReading: number,
): Promise<number> {
  const prefix = `benchingest${mode}${delivery}${process.pid}`;
  Object.assign(process.env, {
    DATABASE_URL: services.databaseUrl,
    MQTT_URL: services.mqttUrl,
    MQTT_TOPIC_PREFIX: prefix,
    MQTT_SHARE_GROUP: 'none',
    INGEST_CLIENT_ID: `bench-${mode}-${delivery}`.slice(0, 23),
  });
  if (delivery === 'backlog') {
    const subscribe = await NestFactory.createApplicationContext(IngestAppModule, { logger: ['error'] });
    await subscribe.close();
    await publishBacklog(services.mqttUrl, prefix, mode, messages, firstReading);
  }
  const app = await NestFactory.createApplicationContext(IngestAppModule, { logger: ['error', 'warn'] });
  const publishing =
    delivery === 'live'
      ? publishBacklog(services.mqttUrl, prefix, mode, messages, firstReading)
      : Promise.resolve();
  const stats = app.get(IngestStats);
  for (;;) {
    if (stats.readings >= readings && stats.acked >= messages) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const last = performance.now();
  await publishing;
  console.log(
    `      (${delivery}: ${fmt(stats.commits)} commits, ${fmt(stats.received / stats.commits)} messages per commit)`,
  );
  await app.close();
  await forgetSession(services.mqttUrl, process.env.INGEST_CLIENT_ID!);
  return readings / ((last - stats.firstReceivedAt!) / 1000);
}

/**
 * The same readings as (b), straight into a scratch copy of the readings table: chunks of
 * INGEST_BATCH_MAX_ROWS prepared before the clock starts, on as many connections as ingest commits
 * with, so the baseline is the most the database takes this way.
 */
async function rawWriteRate(
  databaseUrl: string,
  engine: { copy: boolean; hypertables: boolean },
  n: number,
  firstReading: number,
  connectionCount: number,
): Promise<number> {
  const setup = new Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query('DROP TABLE IF EXISTS bench_raw');
  await setup.query('CREATE TABLE bench_raw (LIKE readings INCLUDING ALL)');
  if (engine.hypertables)
    await setup.query(
      `SELECT create_hypertable('bench_raw', by_range('ts', INTERVAL '1 day'), create_default_indexes => false)`,
    );
  const nums = new Map(
    (
      await setup.query<{ id: string; num: number }>(`SELECT id, num FROM meters WHERE id LIKE 'bench-M%'`)
    ).rows.map((r) => [r.id, r.num]),
  );
  const chunk = Number(process.env.INGEST_BATCH_MAX_ROWS ?? 20_000);
  const chunks: BenchReading[][] = [];
  for (let offset = 0; offset < n; offset += chunk) {
    chunks.push(
      Array.from({ length: Math.min(chunk, n - offset) }, (_, i) =>
        benchReading(firstReading + offset + i, METERS),
      ),
    );
  }
  const copyText = chunks.map((rows) =>
    rows
      .map(
        (r) =>
          `${nums.get(r.meterId)}\t${new Date(r.ts).toISOString()}\t${r.energyKwh}\t${r.voltageV}\t${r.currentA}\t${r.powerKw}\n`,
      )
      .join(''),
  );
  const connections = await Promise.all(
    Array.from({ length: connectionCount }, async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  let next = 0;
  const start = performance.now();
  await Promise.all(
    connections.map(async (c) => {
      for (let i = next++; i < chunks.length; i = next++) {
        if (engine.copy) {
          const stream = c.query(
            copyFrom('COPY bench_raw (meter_num, ts, energy_kwh, voltage_a, current_a, power_kw) FROM STDIN'),
          );
          stream.end(copyText[i]);
          await once(stream, 'finish');
        } else {
          const rows = chunks[i];
          await c.query(
            `INSERT INTO bench_raw (meter_num, ts, energy_kwh, voltage_a, current_a, power_kw)
             SELECT m, to_timestamp(t / 1000.0), e, v, cu, p FROM unnest($1::int[], $2::float8[], $3::float8[], $4::real[], $5::real[], $6::real[]) AS u(m, t, e, v, cu, p)`,
            [
              rows.map((r) => nums.get(r.meterId)),
              rows.map((r) => r.ts),
              rows.map((r) => r.energyKwh),
              rows.map((r) => r.voltageV),
              rows.map((r) => r.currentA),
              rows.map((r) => r.powerKw),
            ],
          );
        }
      }
    }),
  );
  const rate = n / ((performance.now() - start) / 1000);
  await Promise.all(connections.map((c) => c.end()));
  await setup.query('DROP TABLE bench_raw');
  await setup.end();
  return rate;
}

async function publishBacklog(
  url: string,
  prefix: string,
  mode: 'single' | 'batch',
  messages: number,
  firstReading: number,
): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      built('test/bench/publish-backlog.main.ts'),
      url,
      prefix,
      mode,
      String(messages),
      String(METERS),
      String(PER_BATCH),
      String(firstReading),
    ],
    { stdio: 'inherit' },
  );
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`backlog publisher exited with ${code}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
