import * as net from 'node:net';
import type { IConnectPacket, IDisconnectPacket, ISubscribePacket } from 'mqtt-packet';
import {
  BrokerConnection,
  ScriptedBroker,
  type ScriptedBrokerBehaviour,
} from '../test-fixtures/scripted-broker';
import { holdsFor, nextEvent, waitUntil } from '../test-fixtures/wait-until';
import { AckAfterCommitConsumer, type ConnectedInfo } from './ack-after-commit.consumer';
import type { AckAfterCommitConsumerOptions } from './ack-after-commit.options';
import type { InboundMessage } from './subscriber.connection';

// Runs against an in-process scripted broker so the bytes on the wire (PUBACK order, CONNECT fields,
// DISCONNECT) can be asserted; the *.int-spec.ts files cover real brokers.
describe('AckAfterCommitConsumer (scripted broker)', () => {
  let broker: ScriptedBroker;
  let consumer: AckAfterCommitConsumer | undefined;
  let inbox: InboundMessage[];
  let errors: Error[];

  async function startBroker(behaviour: ScriptedBrokerBehaviour = {}): Promise<void> {
    broker = await ScriptedBroker.start(behaviour);
  }

  function createConsumer(overrides: Partial<AckAfterCommitConsumerOptions> = {}): AckAfterCommitConsumer {
    inbox = [];
    errors = [];
    consumer = new AckAfterCommitConsumer({
      url: broker.url,
      clientId: 'unit-consumer',
      subscriptions: ['meters/+/reading'],
      reconnectMinMs: 5,
      reconnectMaxMs: 20,
      ...overrides,
    });
    consumer.onMessage((message) => inbox.push(message));
    consumer.on('error', (error) => errors.push(error));
    return consumer;
  }

  async function started(overrides: Partial<AckAfterCommitConsumerOptions> = {}): Promise<BrokerConnection> {
    await createConsumer(overrides).start();
    return broker.last;
  }

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await broker.close();
  });

  it('connects with a persistent MQTT 5 session, offers receive maximum and subscribes at QoS 1', async () => {
    await startBroker();
    const connected = createConsumer({ receiveMaximum: 321, sessionExpiryS: 3600 });
    const event = nextEvent<ConnectedInfo>(connected, 'connected');
    await connected.start();

    expect(await event).toEqual({ sessionPresent: false, protocolVersion: 5 });
    expect(connected.isConnected).toBe(true);
    const connect = broker.last.connect as IConnectPacket;
    expect(connect).toMatchObject({
      protocolVersion: 5,
      clean: false,
      clientId: 'unit-consumer',
      keepalive: 30,
    });
    expect(connect.properties).toEqual({ sessionExpiryInterval: 3600, receiveMaximum: 321 });
    const subscribe = broker.last.received.find((packet) => packet.cmd === 'subscribe') as ISubscribePacket;
    expect(subscribe.subscriptions).toEqual([
      { topic: 'meters/+/reading', qos: 1, nl: false, rap: false, rh: 1 },
    ]);
  });

  it('sends PUBACKs strictly in receive order whatever order the application acks in', async () => {
    await startBroker();
    const link = await started();
    for (let id = 10; id <= 14; id++) link.publish(id, `meters/${id}/reading`, `payload-${id}`);
    await waitUntil(() => inbox.length === 5, 'five deliveries');
    expect(inbox.map((message) => message.payload.toString())).toEqual(
      [10, 11, 12, 13, 14].map((id) => `payload-${id}`),
    );
    expect(inbox[0]).toMatchObject({ topic: 'meters/10/reading', qos: 1, dup: false, retain: false });
    expect(inbox[0].receivedAt).toBeInstanceOf(Date);

    inbox[2].ack();
    inbox[4].ack();
    inbox[0].ack();
    await waitUntil(() => link.ackedIds().length >= 1, 'PUBACK 10');
    inbox[1].ack();
    await waitUntil(() => link.ackedIds().length >= 3, 'PUBACKs 11 and 12');
    expect(consumer?.stats).toMatchObject({ received: 5, acked: 3, pendingAcks: 2 });
    inbox[3].ack();
    await waitUntil(() => link.ackedIds().length >= 5, 'all PUBACKs');

    expect(link.ackedIds()).toEqual([10, 11, 12, 13, 14]);
    expect(consumer?.stats).toMatchObject({ received: 5, acked: 5, pendingAcks: 0 });
  });

  it('treats QoS 0 ack() as a no-op and does not let QoS 0 messages block the acknowledgement order', async () => {
    await startBroker();
    const link = await started();
    link.publish(1, 'meters/a/reading', 'one', 1);
    link.publish(0, 'meters/b/reading', 'fire-and-forget', 0);
    link.publish(2, 'meters/c/reading', 'two', 1);
    await waitUntil(() => inbox.length === 3, 'three deliveries');
    inbox[0].ack();
    inbox[2].ack();
    await waitUntil(() => link.ackedIds().length === 2, 'two PUBACKs');
    expect(link.ackedIds()).toEqual([1, 2]);
    expect(inbox[1].qos).toBe(0);
    expect(() => inbox[1].ack()).not.toThrow();
  });

  it('sends PUBREC after the ack for QoS 2 and PUBCOMP on PUBREL', async () => {
    await startBroker();
    const link = await started();
    link.publish(5, 'meters/q2/reading', 'exactly-once', 2);
    await waitUntil(() => inbox.length === 1, 'the QoS 2 delivery');
    expect(link.ackedIds('pubrec')).toEqual([]);
    inbox[0].ack();
    await waitUntil(() => link.ackedIds('pubrec').length === 1, 'PUBREC');
    link.send({ cmd: 'pubrel', messageId: 5 });
    await waitUntil(() => link.ackedIds('pubcomp').length === 1, 'PUBCOMP');
    expect(link.ackedIds('pubcomp')).toEqual([5]);
  });

  it('holds at most receiveMaximum unacknowledged messages even when the broker sends more (3.1.1)', async () => {
    await startBroker();
    const link = await started({ protocolVersion: 4, receiveMaximum: 10 });
    for (let id = 1; id <= 50; id++) link.publish(id, 'meters/x/reading', `m${id}`);
    await waitUntil(() => inbox.length === 10, 'the first ten deliveries');
    // The whole burst is tiny and already in the socket; only our bound stops it reaching the handler.
    await holdsFor(() => inbox.length === 10, 'ten deliveries', 100);

    let acked = 0;
    const ackAll = (): void => {
      while (acked < inbox.length) inbox[acked++].ack();
    };
    await waitUntil(() => {
      ackAll();
      return inbox.length === 50;
    }, 'all fifty deliveries');
    ackAll();
    await waitUntil(() => link.ackedIds().length === 50, 'fifty PUBACKs');
    expect(inbox.map((message) => message.payload.toString())).toEqual(
      Array.from({ length: 50 }, (_, i) => `m${i + 1}`),
    );
    expect(link.ackedIds()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('holds at most maxPendingBytes of unacknowledged payload, whatever the count allows', async () => {
    await startBroker();
    const link = await started({ protocolVersion: 4, receiveMaximum: 1000, maxPendingBytes: 1000 });
    for (let id = 1; id <= 20; id++) link.publish(id, 'gateways/g/readings', 'x'.repeat(300));
    // 300-byte payloads against a 1000-byte bound: the fourth delivery crosses it, then reading stops.
    await waitUntil(() => inbox.length === 4, 'the first four deliveries');
    await holdsFor(() => inbox.length === 4, 'four deliveries', 100);
    // One ack frees 300 bytes: one more held message fits, then the bound holds again. Were the
    // repeated ack to free the bytes twice, two would fit.
    inbox[0].ack();
    inbox[0].ack();
    await waitUntil(() => inbox.length === 5, 'a fifth delivery');
    await holdsFor(() => inbox.length === 5, 'five deliveries', 100);
    let acked = 1;
    await waitUntil(() => {
      while (acked < inbox.length) inbox[acked++].ack();
      return inbox.length === 20;
    }, 'all twenty deliveries');
  });

  it('does not time out a resumed session whose queued messages arrive ahead of a late SUBACK', async () => {
    await startBroker({
      sessionPresent: true,
      beforeSuback: (link) => [1, 2, 3].forEach((id) => link.publish(id, 'meters/q/reading', `queued-${id}`)),
      subackDelayMs: 300,
    });
    await createConsumer({ connectTimeoutMs: 100 }).start();
    expect(inbox.map((message) => message.payload.toString())).toEqual(['queued-1', 'queued-2', 'queued-3']);
  });

  it('discards pending acks when the connection drops, and acks of the old delivery stay no-ops', async () => {
    await startBroker();
    const first = await started();
    first.publish(7, 'meters/a/reading', 'unsafe');
    await waitUntil(() => inbox.length === 1, 'the first delivery');
    const reconnected = nextEvent<ConnectedInfo>(consumer as AckAfterCommitConsumer, 'connected');
    const lost = nextEvent<Error>(consumer as AckAfterCommitConsumer, 'disconnected');
    first.socket.destroy();
    expect((await lost).message).toBe('connection closed');
    await reconnected;

    const second = broker.last;
    expect(second).not.toBe(first);
    second.publish(7, 'meters/a/reading', 'unsafe', 1, true);
    await waitUntil(() => inbox.length === 2, 'the redelivery');
    expect(inbox[1].dup).toBe(true);
    inbox[0].ack();
    inbox[1].ack();
    await waitUntil(() => second.ackedIds().length >= 1, 'PUBACK on the new connection');
    await holdsFor(() => second.ackedIds().length === 1, 'a single PUBACK', 50);
    expect(first.ackedIds()).toEqual([]);
    expect(consumer?.stats).toMatchObject({ received: 2, acked: 1, reconnects: 1 });
  });

  it('falls back to MQTT 3.1.1 when the broker answers "unacceptable protocol version", and remembers it', async () => {
    await startBroker({ onConnect: (connect) => (connect.protocolVersion === 5 ? { refuse: 1 } : 'accept') });
    createConsumer();
    const event = nextEvent<ConnectedInfo>(consumer as AckAfterCommitConsumer, 'connected');
    await consumer?.start();
    expect((await event).protocolVersion).toBe(4);
    expect(broker.connections.map((link) => link.version)).toEqual([5, 4]);

    const reconnected = nextEvent<ConnectedInfo>(consumer as AckAfterCommitConsumer, 'connected');
    broker.last.socket.destroy();
    await reconnected;
    expect(broker.connections.map((link) => link.version)).toEqual([5, 4, 4]);
  });

  it('falls back to MQTT 3.1.1 when the broker just closes the socket on an MQTT 5 CONNECT', async () => {
    await startBroker({ onConnect: (connect) => (connect.protocolVersion === 5 ? 'close' : 'accept') });
    createConsumer();
    await consumer?.start();
    expect(broker.connections.map((link) => link.version)).toEqual([5, 4]);
    expect(broker.last.connect).toMatchObject({ protocolVersion: 4, clean: false });
  });

  it('does not fall back when MQTT 5 was asked for explicitly', async () => {
    await startBroker({ onConnect: () => ({ refuse: 0x84 }) });
    await expect(createConsumer({ protocolVersion: 5 }).start()).rejects.toThrow(
      /could not connect to mqtt:\/\/127\.0\.0\.1:\d+: broker refused the connection: unsupported protocol version \(0x84\)/,
    );
    expect(broker.connections).toHaveLength(1);
  });

  it('rejects start() naming the URL when nothing listens there', async () => {
    await startBroker();
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));

    const attempt = createConsumer({ url: `mqtt://127.0.0.1:${port}` }).start();
    await expect(attempt).rejects.toThrow(
      `could not connect to mqtt://127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    expect(consumer?.isConnected).toBe(false);
  });

  it('rejects start() naming the filter the broker refused', async () => {
    await startBroker({ granted: (filter) => (filter.startsWith('secret/') ? 0x87 : 1) });
    const attempt = createConsumer({ subscriptions: ['meters/#', 'secret/#'] }).start();
    await expect(attempt).rejects.toThrow('refused subscription to secret/# (not authorized (0x87))');
  });

  it('reports a downgraded subscription as an error but keeps running', async () => {
    await startBroker({ granted: () => 0 });
    await started();
    expect(errors.map((error) => error.message)).toEqual([
      'MQTT subscription meters/+/reading: granted QoS 0 instead of 1',
    ]);
    expect(consumer?.isConnected).toBe(true);
  });

  it('sends PINGREQ and reconnects when the broker stops answering', async () => {
    await startBroker({ answerPings: false });
    await started({ keepaliveS: 1 });
    const lost = await nextEvent<Error>(consumer as AckAfterCommitConsumer, 'disconnected', 5_000);
    expect(lost.message).toBe('no packet from broker within the 1 s keepalive');
    expect(broker.connections[0].has('pingreq')).toBe(true);
    await waitUntil(() => broker.connections.length === 2 && consumer?.isConnected === true, 'reconnection');
  });

  it('resets the connection when the handler throws, so the message is redelivered', async () => {
    await startBroker();
    const link = await started();
    consumer?.onMessage(() => {
      throw new Error('bug in handler');
    });
    const lost = nextEvent<Error>(consumer as AckAfterCommitConsumer, 'disconnected');
    link.publish(3, 'meters/a/reading', 'boom');
    expect((await lost).message).toContain(
      'onMessage handler threw on topic meters/a/reading: Error: bug in handler',
    );
    expect(errors[0].message).toContain('bug in handler');
    await waitUntil(() => consumer?.isConnected === true, 'reconnection');
  });

  it('reconnects after a malformed packet', async () => {
    await startBroker();
    const link = await started();
    const lost = nextEvent<Error>(consumer as AckAfterCommitConsumer, 'disconnected');
    link.socket.write(Buffer.from([0x3f, 0x00])); // PUBLISH with both QoS bits set
    expect((await lost).message).toMatch(/^malformed packet from broker/);
    await waitUntil(() => broker.connections.length === 2 && consumer?.isConnected === true, 'reconnection');
  });

  it('reports a server DISCONNECT with its reason and reconnects', async () => {
    await startBroker();
    const link = await started();
    const lost = nextEvent<Error>(consumer as AckAfterCommitConsumer, 'disconnected');
    link.send({ cmd: 'disconnect', reasonCode: 0x8e });
    expect((await lost).message).toBe('broker sent DISCONNECT: session taken over (0x8e)');
    await waitUntil(() => broker.connections.length === 2 && consumer?.isConnected === true, 'reconnection');
  });

  it('stop() releases the acked prefix, sends DISCONNECT keeping the session, and never acks the rest', async () => {
    await startBroker();
    const link = await started();
    link.publish(1, 'meters/a/reading', 'durable');
    link.publish(2, 'meters/a/reading', 'not yet');
    await waitUntil(() => inbox.length === 2, 'two deliveries');
    inbox[0].ack();
    await consumer?.stop();

    expect(link.ackedIds()).toEqual([1]);
    const disconnect = link.received.at(-1) as IDisconnectPacket;
    expect(disconnect.cmd).toBe('disconnect');
    expect(disconnect.reasonCode).toBe(0);
    expect(disconnect.properties).toBeUndefined();
    expect(consumer?.isConnected).toBe(false);
    inbox[1].ack();
    expect(link.ackedIds()).toEqual([1]);
  });

  it('can be started again after stop() with the same client id', async () => {
    await startBroker({ sessionPresent: true });
    await started();
    await consumer?.stop();
    const again = nextEvent<ConnectedInfo>(consumer as AckAfterCommitConsumer, 'connected');
    await consumer?.start();
    expect(await again).toEqual({ sessionPresent: true, protocolVersion: 5 });
    expect(broker.connections.map((link) => link.connect?.clientId)).toEqual([
      'unit-consumer',
      'unit-consumer',
    ]);
  });

  it('refuses to start without a handler', async () => {
    await startBroker();
    const bare = new AckAfterCommitConsumer({ url: broker.url, clientId: 'c', subscriptions: ['t'] });
    await expect(bare.start()).rejects.toThrow('onMessage()');
  });
});
