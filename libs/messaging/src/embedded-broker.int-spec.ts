import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import mqtt from 'mqtt';
import { nextEvent, waitUntil } from '../test-fixtures/wait-until';
import { AckAfterCommitConsumer, type ConnectedInfo } from './ack-after-commit.consumer';
import type { InboundMessage } from './subscriber.connection';

const FIXTURE = path.join(__dirname, '../test-fixtures/embedded-broker.fixture.js');
const RUN = `${process.pid}-${Date.now().toString(36)}`;

interface Spawned {
  child: ChildProcessWithoutNullStreams;
  line: { url?: string; error?: string };
}

// aedes is ESM-only and Jest cannot import() it, so the broker runs in a child Node process that loads the
// real src/embedded-broker.ts (see the fixture).
function spawnBroker(port: number): Promise<Spawned> {
  const child = spawn(process.execPath, [FIXTURE, String(port)]);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`embedded broker fixture said nothing: ${stderr}`)),
      15_000,
    );
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve({ child, line: JSON.parse(stdout.slice(0, newline)) as Spawned['line'] });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (stdout === '') reject(new Error(`embedded broker fixture exited with ${code}: ${stderr}`));
    });
  });
}

async function stopBroker(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  await exited;
}

describe('startEmbeddedBroker (aedes, in a child process)', () => {
  it('rejects with a message naming the port and both variables when the port is taken', async () => {
    // MQTT_URL's port is held by the development broker (Mosquitto) whenever the integration tests run.
    const takenPort = Number(new URL(process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883').port || 1883);
    const { child, line } = await spawnBroker(takenPort);
    await stopBroker(child);
    expect(line.url).toBeUndefined();
    expect(line.error).toContain(`MQTT_PORT ${takenPort} is already in use`);
    expect(line.error).toContain('MQTT_URL');
  });

  describe('on a free port', () => {
    let child: ChildProcessWithoutNullStreams;
    let url: string;
    let consumer: AckAfterCommitConsumer | undefined;

    beforeAll(async () => {
      const spawned = await spawnBroker(0);
      child = spawned.child;
      expect(spawned.line.error).toBeUndefined();
      url = spawned.line.url as string;
    });

    afterAll(async () => {
      await stopBroker(child);
    });

    afterEach(async () => {
      await consumer?.stop();
      consumer = undefined;
    });

    it('reports the port it picked', () => {
      expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toMatch(/:0$/);
    });

    it("'auto' falls back to MQTT 3.1.1, which aedes speaks, and messages flow with redelivery", async () => {
      const topic = `it/embedded/${RUN}`;
      const inbox: InboundMessage[] = [];
      const options = { url, clientId: `it-embedded-${RUN}`, subscriptions: [topic] };
      consumer = new AckAfterCommitConsumer(options, (message) => inbox.push(message));
      const connected = nextEvent<ConnectedInfo>(consumer, 'connected');
      await consumer.start();
      expect(await connected).toEqual({ sessionPresent: false, protocolVersion: 4 });

      const publisher = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
      await publisher.publishAsync(topic, 'hello aedes', { qos: 1 });
      await waitUntil(() => inbox.length === 1, 'the delivery');
      expect(inbox[0].payload.toString()).toBe('hello aedes');
      await consumer.stop();

      consumer = new AckAfterCommitConsumer(options, (message) => {
        inbox.push(message);
        message.ack();
      });
      const reconnected = nextEvent<ConnectedInfo>(consumer, 'connected');
      await consumer.start();
      expect((await reconnected).sessionPresent).toBe(true);
      await waitUntil(() => inbox.length === 2, 'the redelivery');
      // aedes 1.2 redelivers without the DUP flag (MQTT-3.3.1-1 says it must be set), so dedup downstream
      // must never depend on it.
      expect(inbox[1]).toMatchObject({ topic, payload: Buffer.from('hello aedes') });
      await publisher.endAsync();
    });

    it('explains the refusal when MQTT 5 is demanded', async () => {
      consumer = new AckAfterCommitConsumer(
        { url, clientId: `it-embedded-v5-${RUN}`, subscriptions: ['x'], protocolVersion: 5 },
        () => undefined,
      );
      await expect(consumer.start()).rejects.toThrow(
        `could not connect to ${url}: broker refused the connection: unacceptable protocol version (return code 1)`,
      );
    });
  });
});
