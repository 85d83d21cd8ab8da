import * as net from 'node:net';
import { generate, parser } from 'mqtt-packet';
import type { IConnectPacket, Packet, QoS } from 'mqtt-packet';

export type ConnectReply = 'accept' | 'close' | { refuse: number };

export interface ScriptedBrokerBehaviour {
  onConnect?: (connect: IConnectPacket, index: number) => ConnectReply;
  granted?: (filter: string, requested: QoS) => number;
  answerPings?: boolean;
  sessionPresent?: boolean;
  /** Runs when a SUBSCRIBE arrives, before the SUBACK: e.g. a resumed session's queued messages. */
  beforeSuback?: (connection: BrokerConnection) => void;
  subackDelayMs?: number;
}

/** The broker's end of one client connection, recording every packet the client sent. */
export class BrokerConnection {
  readonly received: Packet[] = [];
  connect: IConnectPacket | undefined;
  closed = false;

  constructor(readonly socket: net.Socket) {}

  get version(): 4 | 5 {
    return this.connect?.protocolVersion === 5 ? 5 : 4;
  }

  send(packet: Packet): void {
    this.socket.write(generate(packet, { protocolVersion: this.version }));
  }

  publish(messageId: number, topic: string, payload: string, qos: QoS = 1, dup = false): void {
    this.send({ cmd: 'publish', messageId, topic, payload: Buffer.from(payload), qos, dup, retain: false });
  }

  ackedIds(cmd: 'puback' | 'pubrec' | 'pubcomp' = 'puback'): number[] {
    return this.received.filter((packet) => packet.cmd === cmd).map((packet) => packet.messageId ?? -1);
  }

  has(cmd: Packet['cmd']): boolean {
    return this.received.some((packet) => packet.cmd === cmd);
  }
}

/** A minimal MQTT broker whose replies each test scripts, to observe what a client puts on the wire. */
export class ScriptedBroker {
  readonly connections: BrokerConnection[] = [];

  private constructor(
    private readonly server: net.Server,
    private readonly behaviour: ScriptedBrokerBehaviour,
  ) {}

  static async start(behaviour: ScriptedBrokerBehaviour = {}): Promise<ScriptedBroker> {
    const server = net.createServer();
    const broker = new ScriptedBroker(server, behaviour);
    server.on('connection', (socket) => broker.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  get last(): BrokerConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no client has connected');
    return connection;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connection = new BrokerConnection(socket);
    const index = this.connections.push(connection) - 1;
    socket.once('close', () => {
      connection.closed = true;
    });
    socket.on('error', () => undefined);
    // The parser learns the protocol version from the CONNECT packet itself.
    const packets = parser();
    packets.on('packet', (packet: Packet) => {
      connection.received.push(packet);
      this.reply(connection, packet, index);
    });
    socket.on('data', (chunk: Buffer) => packets.parse(chunk));
  }

  private reply(connection: BrokerConnection, packet: Packet, index: number): void {
    switch (packet.cmd) {
      case 'connect': {
        connection.connect = packet;
        const reply = this.behaviour.onConnect?.(packet, index) ?? 'accept';
        if (reply === 'close') {
          connection.socket.destroy();
        } else if (reply === 'accept') {
          const sessionPresent = this.behaviour.sessionPresent ?? false;
          connection.send({ cmd: 'connack', sessionPresent, returnCode: 0, reasonCode: 0 });
        } else {
          connection.send({
            cmd: 'connack',
            sessionPresent: false,
            returnCode: reply.refuse,
            reasonCode: reply.refuse,
          });
          connection.socket.end();
        }
        return;
      }
      case 'subscribe': {
        const granted = packet.subscriptions.map(
          (subscription) =>
            this.behaviour.granted?.(subscription.topic, subscription.qos) ?? subscription.qos,
        );
        this.behaviour.beforeSuback?.(connection);
        const suback = () => connection.send({ cmd: 'suback', messageId: packet.messageId, granted });
        if (this.behaviour.subackDelayMs) setTimeout(suback, this.behaviour.subackDelayMs);
        else suback();
        return;
      }
      case 'pingreq':
        if (this.behaviour.answerPings ?? true) connection.send({ cmd: 'pingresp' });
        return;
      case 'disconnect':
        connection.socket.end();
        return;
      default:
    }
  }
}
