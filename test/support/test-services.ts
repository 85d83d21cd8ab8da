import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { connectAsync } from 'mqtt';
import { Client } from 'pg';

// Run from source (jest) or from the build (benchmarks): either way, the repository root.
const ROOT = join(__dirname, __dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');

/** The compiled form of a source file under apps/, libs/ or test/ (`npm test` builds first). */
export function built(relativeTs: string): string {
  return join(ROOT, 'dist', relativeTs.replace(/\.ts$/, '.js'));
}

/** Creates a database of its own for this run on the server named by `serverUrl`. */
export async function createRunDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gridcell_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts the embedded services process and waits for its URLs. */
export async function startEmbeddedServices(): Promise<{
  databaseUrl?: string;
  mqttUrl?: string;
  process: ChildProcess;
}> {
  const child = spawn(process.execPath, [built('test/support/embedded-services.main.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`embedded services exited with ${code}`))),
  ])) as [string];
  lines.close();
  return { ...(JSON.parse(first) as { databaseUrl?: string; mqttUrl?: string }), process: child };
}

/** Discards a persistent MQTT session (and whatever the broker queued for it). */
export async function forgetSession(url: string, clientId: string): Promise<void> {
  const client = await connectAsync(url, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  await client.endAsync();
}

/** MQTT protocol levels the run's broker speaks: the embedded aedes has no MQTT 5. */
export function brokerProtocols(): (4 | 5)[] {
  return process.env.TEST_BROKER_SHARED === 'no' ? [4] : [4, 5];
}

/** The services a benchmark runs on: a scratch database on DATABASE_URL's server and MQTT_URL's broker, or embedded ones. */
export interface BenchServices {
  databaseUrl: string;
  mqttUrl: string;
  close(): Promise<void>;
}

export async function benchServices(): Promise<BenchServices> {
  const closers: (() => Promise<void> | void)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  let mqttUrl = process.env.MQTT_URL;
  if (databaseUrl) {
    const scratch = await createRunDatabase(databaseUrl);
    databaseUrl = scratch.url;
    closers.push(() => scratch.drop());
  }
  if (!databaseUrl || !mqttUrl) {
    const embedded = await startEmbeddedServices();
    databaseUrl ??= embedded.databaseUrl;
    mqttUrl ??= embedded.mqttUrl;
    closers.push(() => void embedded.process.kill());
  }
  return {
    databaseUrl: databaseUrl!,
    mqttUrl: mqttUrl!,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
