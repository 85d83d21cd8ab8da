import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { CuttableProxy } from '@gridcell/testing';
import { holdsFor, nextEvent, waitUntil } from '../test-fixtures/wait-until';
import { AckAfterCommitConsumer, type ConnectedInfo } from './ack-after-commit.consumer';
import type { AckAfterCommitConsumerOptions } from './ack-after-commit.options';
import type { InboundMessage } from './subscriber.connection';

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
// The integration globalSetup starts aedes when MQTT_URL is unset and says so here. aedes speaks only
// MQTT 3.1.1, has no shared subscriptions and redelivers without the DUP flag.
const FULL_BROKER = process.env.TEST_BROKER_SHARED !== 'no';
const itWithFullBroker = FULL_BROKER ? it : it.skip;

// Against the broker at MQTT_URL (Mosquitto 2 in development and CI): persistent sessions, redelivery,
// Receive Maximum and shared subscriptions. Client ids and topics are unique per run and per test.
describe('AckAfterCommitConsumer (real broker)', () => {
  let publisher: MqttClient;
  const consumers: AckAfterCommitConsumer[] = [];
  let testNo = 0;
  let topic: string;
  let clientId: string;

  beforeAll(async () => {
    publisher = await mqtt.connectAsync(MQTT_URL, {
      clientId: `it-pub-${RUN}`,
      clean: true,
      reconnectPeriod: 0,
    });
  });

  afterAll(async () => {
    await publisher.endAsync();
  });

  beforeEach(() => {
    testNo++;
    topic = `it/messaging/${RUN}/${testNo}`;
    clientId = `it-consumer-${RUN}-${testNo}`;
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });

  interface Running {
    consumer: AckAfterCommitConsumer;
    inbox: InboundMessage[];
    info: ConnectedInfo;
  }

  async function run(
    overrides: Partial<AckAfterCommitConsumerOptions> = {},
    onMessage?: (message: InboundMessage) => void,
  ): Promise<Running> {
    const inbox: InboundMessage[] = [];
    const consumer = new AckAfterCommitConsumer({
      url: MQTT_URL,
      clientId,
      subscriptions: [`${topic}/#`],
      reconnectMinMs: 10,
      reconnectMaxMs: 100,
      ...overrides,
    });
    consumer.onMessage((message) => {
      inbox.push(message);
      onMessage?.(message);
    });
    consumer.on('error', () => undefined);
    consumers.push(consumer);
    const connected = nextEvent<ConnectedInfo>(consumer, 'connected');
    await consumer.start();
    return { consumer, inbox, info: await connected };
  }

  async function stop(consumer: AckAfterCommitConsumer): Promise<void> {
    consumers.splice(consumers.indexOf(consumer), 1);
    await consumer.stop();
  }

  async function publish(count: number, payload: (i: number) => string | Buffer, sub = 'm'): Promise<void> {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++)
      sends.push(publisher.publishAsync(`${topic}/${sub}`, payload(i), { qos: 1 }));
    await Promise.all(sends);
  }

  const texts = (inbox: InboundMessage[]): string[] => inbox.map((message) => message.payload.toString());
  const range = (from: number, to: number): string[] =>
    Array.from({ length: to - from }, (_, i) => `m${from + i}`);

  it('delivers QoS 1 messages in order with topic and payload intact, over MQTT 5 when possible', async () => {
    const { inbox, info } = await run({}, (message) => message.ack());
    expect(info.protocolVersion).toBe(FULL_BROKER ? 5 : 4);
    const payloads = Array.from({ length: 500 }, (_, i) =>
      Buffer.concat([Buffer.from(`${i}:`), randomBytes(i % 300)]),
    );
    await publish(payloads.length, (i) => payloads[i]);
    await waitUntil(() => inbox.length === payloads.length, '500 deliveries');
    expect(inbox.every((message) => message.topic === `${topic}/m` && message.qos === 1)).toBe(true);
    expect(inbox.map((message) => message.payload.toString('hex'))).toEqual(
      payloads.map((p) => p.toString('hex')),
    );
  });

  it('redelivers a received but unacknowledged message after stop() and restart: zero loss', async () => {
    const first = await run();
    await publish(5, (i) => `m${i}`);
    await waitUntil(() => first.inbox.length === 5, 'five deliveries');
    await stop(first.consumer);

    const second = await run({}, (message) => message.ack());
    expect(second.info.sessionPresent).toBe(true);
    await waitUntil(() => second.inbox.length >= 5, 'five redeliveries');
    expect(texts(second.inbox)).toEqual(range(0, 5));
    if (FULL_BROKER) expect(second.inbox.every((message) => message.dup)).toBe(true);
  });

  it('redelivers unacknowledged messages when the socket dies, reconnecting by itself', async () => {
    const proxy = await CuttableProxy.start(MQTT_URL);
    try {
      const { consumer, inbox } = await run({ url: proxy.url });
      await publish(5, (i) => `m${i}`);
      await waitUntil(() => inbox.length === 5, 'five deliveries');
      inbox[0].ack();
      inbox[1].ack();
      await waitUntil(() => consumer.stats.acked === 2, 'two PUBACKs sent');
      // PUBACKs are written but may still be in flight to the broker when the cut happens.
      await waitUntil(() => consumer.stats.pendingAcks === 3, 'three pending');

      const reconnected = nextEvent<ConnectedInfo>(consumer, 'connected');
      proxy.cutAll();
      expect((await reconnected).sessionPresent).toBe(true);
      await waitUntil(() => texts(inbox.slice(5)).includes('m4'), 'redelivery of the unacknowledged');
      expect(consumer.stats.reconnects).toBe(1);
      // The two PUBACKs may not have reached the broker before the cut; then m0 and m1 return as well.
      expect([range(2, 5), range(0, 5)]).toContainEqual(texts(inbox.slice(5)));
      inbox[0].ack(); // from the dead connection: must be a harmless no-op
    } finally {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
      await proxy.close();
    }
  });

  it('does not redeliver acknowledged messages after restart', async () => {
    const first = await run({}, (message) => message.ack());
    await publish(5, (i) => `m${i}`);
    await waitUntil(() => first.consumer.stats.acked === 5, 'five PUBACKs');
    await stop(first.consumer);

    const second = await run({}, (message) => message.ack());
    await publish(1, () => 'sentinel', 'sentinel');
    // The broker sends a session's queued messages before anything published after the reconnect.
    await waitUntil(() => second.inbox.length >= 1, 'the sentinel');
    expect(texts(second.inbox)).toEqual(['sentinel']);
  });

  it('holds an out-of-order ack until the earlier ones: 1 and 2 come back after restart', async () => {
    const first = await run();
    await publish(3, (i) => `m${i}`);
    await waitUntil(() => first.inbox.length === 3, 'three deliveries');
    first.inbox[2].ack();
    expect(first.consumer.stats).toMatchObject({ acked: 0, pendingAcks: 3 });
    await stop(first.consumer);

    const second = await run({}, (message) => message.ack());
    await publish(1, () => 'sentinel', 'sentinel');
    await waitUntil(() => texts(second.inbox).includes('sentinel'), 'the sentinel');
    const replay = texts(second.inbox);
    // MQTT guarantees m0 and m1 again, in order, before newer messages. m2's PUBACK was never sent either
    // (it waited behind m0), so it returns as well, though MQTT alone would allow either outcome.
    expect(replay.slice(0, 2)).toEqual(['m0', 'm1']);
    expect(replay.at(-1)).toBe('sentinel');
    expect(replay).toEqual(['m0', 'm1', 'm2', 'sentinel']);
  });

  it('keeps messages published while the consumer is offline (persistent session)', async () => {
    const first = await run();
    await stop(first.consumer);
    await publish(300, (i) => `m${i}`);
    const second = await run({}, (message) => message.ack());
    expect(second.info.sessionPresent).toBe(true);
    await waitUntil(() => second.inbox.length === 300, '300 queued messages');
    expect(texts(second.inbox)).toEqual(range(0, 300));
  });

  async function backpressure(protocolVersion: 4 | 5): Promise<void> {
    const { consumer, inbox } = await run({ receiveMaximum: 100, protocolVersion });
    const observer = await run({ clientId: `${clientId}-observer` }, (message) => message.ack());
    await publish(1000, (i) => `m${i}`);
    await publish(1, () => 'sentinel', 'sentinel');
    // Once the observer has the sentinel the broker has routed everything, so what is missing is held back.
    await waitUntil(() => texts(observer.inbox).includes('sentinel'), 'the observer to see the sentinel');
    await waitUntil(() => inbox.length === 100, '100 deliveries');
    await holdsFor(() => inbox.length === 100 && consumer.stats.pendingAcks === 100, 'the bound of 100', 300);

    let acked = 0;
    await waitUntil(
      () => {
        while (acked < inbox.length) inbox[acked++].ack();
        return inbox.length === 1001;
      },
      'all deliveries after acking',
      20_000,
    );
    expect(texts(inbox)).toEqual([...range(0, 1000), 'sentinel']);
  }

  itWithFullBroker('backpressure, MQTT 5: the broker honours Receive Maximum (100 of 1000 unacked)', () =>
    backpressure(5),
  );

  it('backpressure, MQTT 3.1.1: the consumer enforces the bound itself (100 of 1000 unacked)', () =>
    backpressure(4));

  itWithFullBroker(
    'splits a $share subscription between two consumers, which together get everything once',
    async () => {
      const shared = [`$share/it-${RUN}-${testNo}/${topic}/#`];
      const a = await run({ subscriptions: shared, clientId: `${clientId}-a` }, (message) => message.ack());
      const b = await run({ subscriptions: shared, clientId: `${clientId}-b` }, (message) => message.ack());
      await publish(200, (i) => `m${i}`);
      await waitUntil(() => a.inbox.length + b.inbox.length >= 200, '200 deliveries in total');
      expect(a.inbox.length).toBeGreaterThan(0);
      expect(b.inbox.length).toBeGreaterThan(0);
      expect([...texts(a.inbox), ...texts(b.inbox)].sort()).toEqual(range(0, 200).sort());
    },
  );
});
