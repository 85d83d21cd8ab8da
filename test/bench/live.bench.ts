import 'reflect-metadata';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { appendEvent } from '../../libs/events/src/event.outbox';
import { migrate } from '../../libs/database/src/migrate';
import { inTransaction } from '../../libs/database/src/with-client';
import { incidentView } from '../support/incident.factory';
import { benchServices, built } from '../support/test-services';
import { signIn, startBenchApi } from './bench-api';

/**
 * `npm run bench:live`: how long an incident takes from the commit of its outbox row to each of N
 * connected dispatchers (N = BENCH_LIVE_CLIENTS, default 1,000) through a real API process, over
 * BENCH_LIVE_INCIDENTS incidents one after another; beside a baseline from the same run: a bare
 * socket.io server broadcasting the same payload to N bare clients, timed from the moment it is
 * told to. All clients live in this process, so both figures include its work of receiving N
 * copies. DATABASE_URL / MQTT_URL select real services; otherwise embedded ones.
 */
const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 1_000);
const INCIDENTS = Number(process.env.BENCH_LIVE_INCIDENTS ?? 50);
const WARM_UP = 5;
const CONNECT_AT_ONCE = 100;

interface Series {
  /** Every client's latency for every incident, ms. */
  each: number[];
  /** Per incident, until the last client had it, ms. */
  all: number[];
}

/** Connects `n` clients to `/live`, each reporting when an `incident.opened` reaches it. */
async function connectClients(
  url: string,
  n: number,
  auth: object,
  onEvent: (at: number) => void,
): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += CONNECT_AT_ONCE) {
    const batch = Array.from({ length: Math.min(CONNECT_AT_ONCE, n - i) }, () => {
      const socket = io(`${url}/live`, {
        auth,
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      socket.on('incident.opened', () => onEvent(performance.now()));
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/**
 * Connects the clients, then sends incidents one at a time with `send` (which resolves with the
 * instant its incident counts from) and waits for all clients to have each.
 */
async function measure(url: string, auth: object, send: (i: number) => Promise<number>): Promise<Series> {
  let arrivals: number[] = [];
  let allArrived: () => void = () => undefined;
  const sockets = await connectClients(url, CLIENTS, auth, (at) => {
    arrivals.push(at);
    if (arrivals.length === CLIENTS) allArrived();
  });
  const series: Series = { each: [], all: [] };
  try {
    for (let i = 0; i < WARM_UP + INCIDENTS; i++) {
      arrivals = [];
      const arrived = new Promise<void>((resolve) => (allArrived = resolve));
      const from = await send(i);
      await arrived;
      if (i < WARM_UP) continue;
      series.each.push(...arrivals.map((at) => at - from));
      series.all.push(Math.max(...arrivals) - from);
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
  return series;
}

async function baseline(): Promise<Series> {
  const server = fork(built('test/bench/live-baseline.main.ts'), { stdio: 'inherit' });
  try {
    const [{ port }] = (await once(server, 'message')) as [{ port: number }];
    return await measure(`http://127.0.0.1:${port}`, {}, (i) => {
      const from = performance.now();
      server.send({
        type: 'incident.opened',
        payload: { ...incidentView(`bench-base-${i}`, 'bench-C'), eventId: i },
      });
      return Promise.resolve(from);
    });
  } finally {
    server.kill();
  }
}

async function gridcell(databaseUrl: string, mqttUrl: string): Promise<Series> {
  const { url, adminToken, app } = await startBenchApi(databaseUrl, mqttUrl);
  const db = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const dispatcher = {
      username: 'bench-dispatcher',
      password: 'bench-dispatcher-password',
      role: 'dispatcher',
    };
    const created = await fetch(`${url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(dispatcher),
    });
    if (!created.ok) throw new Error(`creating the dispatcher: ${created.status}`);
    const token = await signIn(url, dispatcher.username, dispatcher.password);
    return await measure(url, { token }, async (i) => {
      await inTransaction(db, (client) =>
        appendEvent(client, 'incident.opened', incidentView(`bench-${i}`, 'bench-C'), {
          cells: ['bench-C'],
          customers: [],
        }),
      );
      return performance.now();
    });
  } finally {
    await db.end();
    await app.stop();
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

/** Each client holds a socket here and one in the API: make sure the open-file limit allows them. */
function ensureFileLimit(): void {
  const needed = 2 * CLIENTS + 512;
  const limit = (which: string) =>
    Number(
      execFileSync('sh', ['-c', `ulimit ${which}`])
        .toString()
        .trim(),
    );
  if (process.env.BENCH_LIVE_RAISED || limit('-Sn') >= needed) return;
  if (limit('-Hn') < needed)
    throw new Error(
      `BENCH_LIVE_CLIENTS=${CLIENTS} needs ${needed} open files; the hard limit is ${limit('-Hn')}`,
    );
  // Node cannot raise its own limit: run again under a shell that does.
  const again = spawnSync(
    'sh',
    ['-c', `ulimit -n ${needed} && exec "$0" "$@"`, process.execPath, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_LIVE_RAISED: '1' },
    },
  );
  process.exit(again.status ?? 1);
}

async function main(): Promise<void> {
  ensureFileLimit();
  const services = await benchServices();
  try {
    const engine = await migrate(services.databaseUrl);
    console.log(
      `bench:live — ${engine.kind}, ${CLIENTS.toLocaleString('en-US')} dispatcher clients, ${INCIDENTS} incidents; machine: ${cpus().length} cores\n`,
    );
    const rows: [string, Series][] = [
      ['bare socket.io broadcast (baseline)', await baseline()],
      ['GridCell: outbox commit → client', await gridcell(services.databaseUrl, services.mqttUrl)],
    ];
    console.log(`${''.padEnd(38)}${'each client'.padStart(22)}${'all clients'.padStart(22)}`);
    console.log(
      `${''.padEnd(38)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'p50'.padStart(11)}${'p99'.padStart(11)}`,
    );
    for (const [label, s] of rows)
      console.log(
        `${label.padEnd(38)}${ms(percentile(s.each, 50))} ${ms(percentile(s.each, 99))} ${ms(percentile(s.all, 50))} ${ms(percentile(s.all, 99))}`,
      );
    const p99 = percentile(rows[1][1].each, 99);
    console.log(`\nGridCell p99 ${p99.toFixed(1)} ms (target <= 250 ms): ${p99 <= 250 ? 'met' : 'NOT met'}`);
  } finally {
    await services.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
