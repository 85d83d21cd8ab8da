import * as net from 'node:net';
import { generate, parser as createParser } from 'mqtt-packet';
import type {
  IConnackPacket,
  IConnectPacket,
  IPublishPacket,
  ISubackPacket,
  ISubscription,
  Packet,
  Parser,
} from 'mqtt-packet';
import type { ResolvedConsumerOptions } from './ack-after-commit.options';
import { describeConnackCode, describeReasonCode } from './mqtt-reason.codes';
import { OrderedAckWindow } from './ordered-ack.window';

/** One MQTT PUBLISH handed to the application. `ack()` once whatever it produced is durable. */
export interface InboundMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly receivedAt: Date;
  readonly qos: 0 | 1 | 2;
  /** Set by the broker on redelivery: the message may already have been processed. */
  readonly dup: boolean;
  readonly retain: boolean;
  /** Idempotent; a no-op for QoS 0 and for messages of a connection that has since dropped. */
  ack(): void;
}

export type ConnectionPhase = 'connecting' | 'awaiting-connack' | 'awaiting-suback' | 'ready' | 'closed';

/** Why a connection ended, and how far it got; `connackCode` is set when the broker refused the CONNECT. */
export class ConnectionLostError extends Error {
  constructor(
    message: string,
    readonly phase: ConnectionPhase,
    readonly connackCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionLostError';
  }
}

export interface SubscriptionOutcome {
  readonly filter: string;
  readonly reason: string;
}

export interface ConnectionReadyInfo {
  readonly sessionPresent: boolean;
  readonly protocolVersion: 4 | 5;
  readonly refused: readonly SubscriptionOutcome[];
  readonly downgraded: readonly SubscriptionOutcome[];
}

export interface ConnectionHooks {
  message(message: InboundMessage): void;
  ready(info: ConnectionReadyInfo): void;
  closed(error: ConnectionLostError): void;
  acked(count: number): void;
  handlerFailed(error: Error): void;
}

const SUBSCRIBE_PACKET_ID = 1;
const PINGREQ = Buffer.from([0xc0, 0x00]);
const PUBCOMP_HEADER = 0x70;
const GRACEFUL_CLOSE_TIMEOUT_MS = 2_000;

class DeliveredMessage implements InboundMessage {
  // ECMAScript-private so that logging a message does not dump the whole connection.
  readonly #connection: SubscriberConnection | null;
  readonly #seq: number;
  #acked = false;

  constructor(
    readonly topic: string,
    readonly payload: Buffer,
    readonly qos: 0 | 1 | 2,
    readonly dup: boolean,
    readonly retain: boolean,
    readonly receivedAt: Date,
    connection: SubscriberConnection | null,
    seq: number,
  ) {
    this.#connection = connection;
    this.#seq = seq;
  }

  ack(): void {
    if (this.#connection === null || this.#acked) return;
    this.#acked = true;
    this.#connection.acknowledge(this.#seq, this.payload.length);
  }
}

/**
 * One TCP connection = one MQTT network session of a subscriber: CONNECT, SUBSCRIBE, dispatch of PUBLISH
 * packets, acknowledgements in receive order, keepalive and read-side backpressure. It never reconnects;
 * {@link AckAfterCommitConsumer} creates a new one per attempt.
 */
export class SubscriberConnection {
  private readonly socket: net.Socket;
  private readonly parser: Parser;
  private readonly window = new OrderedAckWindow();
  private phase: ConnectionPhase = 'connecting';
  private closeReason: Error | undefined;
  private connackCode: number | undefined;
  private sessionPresent = false;
  private paused = false;
  /** Payload bytes delivered and not yet acknowledged by the application. */
  private pendingBytes = 0;
  // PUBLISH packets parsed after the bound was reached (the rest of a chunk, or more from a 3.1.1 broker,
  // which has no Receive Maximum): delivered in order as acks free room, so the application never holds
  // more than receiveMaximum unacknowledged messages.
  private held: IPublishPacket[] = [];
  private heldHead = 0;
  private ending = false;
  private flushScheduled = false;
  private awaitingLiveness = false;
  // One Date per socket chunk, shared by its messages: they arrived together.
  private chunkReceivedAt = new Date(0);
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private readonly attemptTimer: NodeJS.Timeout;
  private readonly closedPromise: Promise<void>;
  private readonly flushBound = (): void => this.flush();

  constructor(
    private readonly options: ResolvedConsumerOptions,
    readonly protocolVersion: 4 | 5,
    private readonly hooks: ConnectionHooks,
  ) {
    this.parser = createParser({ protocolVersion });
    this.parser.on('packet', (packet: Packet) => this.onPacket(packet));
    this.parser.on('error', (error: Error) =>
      this.destroy(new Error(`malformed packet from broker: ${error.message}`, { cause: error })),
    );
    this.attemptTimer = setTimeout(
      () => this.destroy(new Error(`no CONNACK and SUBACK within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs,
    );
    this.socket = net.connect({ host: options.host, port: options.port });
    this.socket.setNoDelay(true);
    this.closedPromise = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.once('connect', () => this.sendConnect());
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error: Error) => this.destroy(error));
    this.socket.once('close', () => this.onClose());
  }

  get pendingAcks(): number {
    return this.window.pending;
  }

  get isReady(): boolean {
    return this.phase === 'ready' && !this.ending;
  }

  acknowledge(seq: number, bytes: number): void {
    this.pendingBytes -= bytes;
    if (this.window.ack(seq) && !this.flushScheduled) {
      this.flushScheduled = true;
      // Acks made in the same tick (a whole parsed chunk, or a committed batch) leave in one write.
      queueMicrotask(this.flushBound);
    }
  }

  destroy(reason: Error): void {
    this.closeReason ??= reason;
    this.socket.destroy();
  }

  /** Releases what is already acknowledged, then DISCONNECTs; unacknowledged messages stay with the broker. */
  async disconnect(): Promise<void> {
    if (this.phase === 'closed') return;
    if (this.phase !== 'ready' || this.ending) {
      this.flush();
      this.destroy(new Error('consumer stopped'));
      return this.closedPromise;
    }
    this.flush();
    this.ending = true;
    this.closeReason ??= new Error('consumer stopped');
    this.window.close();
    // Without properties a v5 DISCONNECT keeps the session expiry interval given in CONNECT.
    this.socket.end(
      generate({ cmd: 'disconnect', reasonCode: 0 }, { protocolVersion: this.protocolVersion }),
    );
    // Reading must continue (messages are dropped while ending) or the broker's FIN is never seen.
    this.socket.resume();
    const timer = setTimeout(() => this.socket.destroy(), GRACEFUL_CLOSE_TIMEOUT_MS);
    await this.closedPromise;
    clearTimeout(timer);
  }

  private sendConnect(): void {
    const { options, protocolVersion } = this;
    const packet: IConnectPacket = {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion,
      clientId: options.clientId,
      clean: false,
      keepalive: options.keepaliveS,
      username: options.username,
      password: options.password === undefined ? undefined : Buffer.from(options.password),
    };
    if (protocolVersion === 5) {
      packet.properties = {
        sessionExpiryInterval: options.sessionExpiryS,
        receiveMaximum: options.receiveMaximum,
      };
    }
    this.phase = 'awaiting-connack';
    this.socket.write(generate(packet, { protocolVersion }));
  }

  private onData(chunk: Buffer): void {
    this.awaitingLiveness = false;
    this.chunkReceivedAt = new Date();
    this.parser.parse(chunk);
  }

  private pauseReading(): void {
    if (this.paused || this.ending) return;
    this.paused = true;
    this.socket.pause();
  }

  private onPacket(packet: Packet): void {
    if (this.closeReason !== undefined) return;
    switch (packet.cmd) {
      case 'publish':
        this.onPublish(packet);
        return;
      case 'pubrel':
        // PUBREC went out only after the application acked, so the message is already durable.
        this.socket.write(
          Buffer.from([PUBCOMP_HEADER, 2, (packet.messageId ?? 0) >> 8, (packet.messageId ?? 0) & 0xff]),
        );
        return;
      case 'pingresp':
        return;
      case 'connack':
        this.onConnack(packet);
        return;
      case 'suback':
        this.onSuback(packet);
        return;
      case 'disconnect': {
        const reason = describeReasonCode(packet.reasonCode ?? 0, 5);
        const detail = packet.properties?.reasonString;
        this.destroy(
          new Error(`broker sent DISCONNECT: ${reason}${detail === undefined ? '' : ` (${detail})`}`),
        );
        return;
      }
      default:
        this.destroy(new Error(`unexpected ${packet.cmd} packet from broker`));
    }
  }

  private onConnack(packet: IConnackPacket): void {
    if (this.phase !== 'awaiting-connack') {
      this.destroy(new Error('unexpected CONNACK from broker'));
      return;
    }
    const code = (this.protocolVersion === 5 ? packet.reasonCode : packet.returnCode) ?? 0;
    if (code !== 0) {
      this.connackCode = code;
      this.destroy(
        new Error(`broker refused the connection: ${describeConnackCode(code, this.protocolVersion)}`),
      );
      return;
    }
    this.sessionPresent = packet.sessionPresent;
    const keepaliveS = packet.properties?.serverKeepAlive ?? this.options.keepaliveS;
    if (keepaliveS > 0) {
      this.keepaliveTimer = setInterval(() => this.keepaliveTick(keepaliveS), keepaliveS * 1000);
    }
    this.phase = 'awaiting-suback';
    // Always (re)subscribe: a persistent session may predate a change to the configured filters. With v5,
    // retain handling 1 stops an existing subscription from replaying retained messages; v3.1.1 replays
    // them, which the idempotent downstream absorbs.
    const subscriptions: ISubscription[] = this.options.subscriptions.map((topic) =>
      this.protocolVersion === 5
        ? { topic, qos: this.options.qos, nl: false, rap: false, rh: 1 }
        : { topic, qos: this.options.qos },
    );
    this.socket.write(
      generate(
        { cmd: 'subscribe', messageId: SUBSCRIBE_PACKET_ID, subscriptions },
        { protocolVersion: this.protocolVersion },
      ),
    );
  }

  private onSuback(packet: ISubackPacket): void {
    if (this.phase !== 'awaiting-suback' || packet.messageId !== SUBSCRIBE_PACKET_ID) {
      this.destroy(new Error('unexpected SUBACK from broker'));
      return;
    }
    clearTimeout(this.attemptTimer);
    const refused: SubscriptionOutcome[] = [];
    const downgraded: SubscriptionOutcome[] = [];
    this.options.subscriptions.forEach((filter, index) => {
      const code = packet.granted[index];
      if (typeof code !== 'number') {
        refused.push({ filter, reason: 'missing from SUBACK' });
      } else if (code >= 0x80) {
        refused.push({ filter, reason: describeReasonCode(code, this.protocolVersion) });
      } else if (code < this.options.qos) {
        downgraded.push({ filter, reason: `granted QoS ${code} instead of ${this.options.qos}` });
      }
    });
    this.phase = 'ready';
    this.hooks.ready({
      sessionPresent: this.sessionPresent,
      protocolVersion: this.protocolVersion,
      refused,
      downgraded,
    });
  }

  private onPublish(packet: IPublishPacket): void {
    if (this.ending) return;
    if (this.phase === 'connecting' || this.phase === 'awaiting-connack') {
      this.destroy(new Error('PUBLISH before CONNACK'));
      return;
    }
    // A resumed session's queue arrives ahead of the SUBACK, and reading may pause for backpressure
    // before reaching it: a broker that delivers is alive, so the attempt no longer times out.
    if (this.phase === 'awaiting-suback') clearTimeout(this.attemptTimer);
    if (this.heldHead < this.held.length || (packet.qos > 0 && this.isFull())) {
      this.held.push(packet);
      this.pauseReading();
      return;
    }
    this.deliver(packet);
    if (this.isFull()) this.pauseReading();
  }

  private isFull(): boolean {
    return (
      this.window.pending >= this.options.receiveMaximum || this.pendingBytes >= this.options.maxPendingBytes
    );
  }

  private deliver(packet: IPublishPacket): void {
    const qos = packet.qos;
    const seq = qos === 0 ? -1 : this.window.push(packet.messageId ?? 0, qos);
    if (qos > 0) this.pendingBytes += (packet.payload as Buffer).length;
    const message = new DeliveredMessage(
      packet.topic,
      packet.payload as Buffer,
      qos,
      packet.dup,
      packet.retain,
      this.chunkReceivedAt,
      qos === 0 ? null : this,
      seq,
    );
    try {
      this.hooks.message(message);
    } catch (thrown) {
      // Dropping the connection makes the broker redeliver everything unacknowledged; carrying on would
      // leave this message's slot blocking every later PUBACK.
      const error = new Error(`onMessage handler threw on topic ${packet.topic}: ${String(thrown)}`, {
        cause: thrown,
      });
      this.hooks.handlerFailed(error);
      this.destroy(error);
    }
  }

  private deliverHeld(): void {
    while (this.heldHead < this.held.length && this.closeReason === undefined && !this.ending) {
      const packet = this.held[this.heldHead];
      if (packet.qos > 0 && this.isFull()) return;
      this.heldHead++;
      this.deliver(packet);
    }
    this.held = [];
    this.heldHead = 0;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.ending || this.closeReason !== undefined) return;
    const bytes = this.window.takeReady();
    if (bytes === null) return;
    this.socket.write(bytes);
    this.hooks.acked(bytes.length / 4);
    if (!this.paused) return;
    this.deliverHeld();
    if (
      this.held.length === 0 &&
      this.window.pending * 2 < this.options.receiveMaximum &&
      this.pendingBytes * 2 < this.options.maxPendingBytes
    ) {
      this.paused = false;
      // Replies queued behind the unread PUBLISH packets (PINGRESP) can only arrive from here on.
      this.awaitingLiveness = false;
      this.socket.resume();
    }
  }

  private keepaliveTick(keepaliveS: number): void {
    if (this.ending) return;
    // While paused for backpressure nothing is read, so silence proves nothing about the broker.
    if (this.awaitingLiveness && !this.paused) {
      this.destroy(new Error(`no packet from broker within the ${keepaliveS} s keepalive`));
      return;
    }
    this.awaitingLiveness = true;
    this.socket.write(PINGREQ);
  }

  private onClose(): void {
    const phase = this.phase;
    this.phase = 'closed';
    this.window.close();
    clearTimeout(this.attemptTimer);
    clearInterval(this.keepaliveTimer);
    const reason =
      this.closeReason ??
      new Error(
        phase === 'awaiting-connack' ? 'broker closed the connection before CONNACK' : 'connection closed',
      );
    this.hooks.closed(new ConnectionLostError(reason.message, phase, this.connackCode, { cause: reason }));
  }
}
