import { EventEmitter } from 'node:events';
import {
  type AckAfterCommitConsumerOptions,
  reconnectDelayMs,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './ack-after-commit.options';
import { isUnsupportedVersionCode } from './mqtt-reason.codes';
import {
  ConnectionLostError,
  type ConnectionReadyInfo,
  type InboundMessage,
  SubscriberConnection,
} from './subscriber.connection';

/** Called synchronously, in receive order, for every PUBLISH. Must not throw (a throw resets the connection). */
export type MessageHandler = (message: InboundMessage) => void;

/** Payload of the `connected` event. */
export interface ConnectedInfo {
  /** False means the broker had no session for this clientId: messages published meanwhile are gone. */
  readonly sessionPresent: boolean;
  readonly protocolVersion: 4 | 5;
}

/** Counters since construction; `acked` counts acknowledgements actually sent to the broker. */
export interface ConsumerStats {
  readonly received: number;
  readonly acked: number;
  readonly pendingAcks: number;
  readonly reconnects: number;
}

/** Events of {@link AckAfterCommitConsumer}; `error` is emitted per the Node convention, so listen to it. */
export type AckAfterCommitConsumerEvents = {
  connected: [info: ConnectedInfo];
  disconnected: [reason: Error];
  error: [error: Error];
};

type State = 'idle' | 'starting' | 'running' | 'stopping';

/**
 * Subscriber-only MQTT client that acknowledges QoS 1 messages only when the application says they are
 * durable, while still reading ahead up to `receiveMaximum` messages.
 *
 * The session is persistent (fixed clientId, clean start off), so anything delivered but not acked when the
 * process dies, the socket drops or {@link stop} is called is redelivered by the broker, possibly with DUP
 * set: consumers downstream must be idempotent. PUBACKs go out strictly in receive order, as MQTT requires.
 */
export class AckAfterCommitConsumer extends EventEmitter<AckAfterCommitConsumerEvents> {
  private readonly options: ResolvedConsumerOptions;
  private handler: MessageHandler | undefined;
  private state: State = 'idle';
  private connection: SubscriberConnection | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failedAttempts = 0;
  // Remembered only after an explicit refusal; a v5 broker that merely dropped the socket gets 5 again.
  private refusedMqtt5 = false;
  private received = 0;
  private acked = 0;
  private reconnects = 0;
  private stopping: Promise<void> | undefined;

  constructor(options: AckAfterCommitConsumerOptions, handler?: MessageHandler) {
    super();
    this.options = resolveConsumerOptions(options);
    this.handler = handler;
  }

  get isConnected(): boolean {
    return this.connection?.isReady ?? false;
  }

  get stats(): ConsumerStats {
    return {
      received: this.received,
      acked: this.acked,
      pendingAcks: this.connection?.pendingAcks ?? 0,
      reconnects: this.reconnects,
    };
  }

  onMessage(handler: MessageHandler): this {
    this.handler = handler;
    return this;
  }

  /** Resolves once connected and subscribed; rejects (and gives up) if that first attempt fails. */
  async start(): Promise<void> {
    if (this.handler === undefined) throw new Error('register a handler with onMessage() before start()');
    if (this.state !== 'idle') throw new Error(`start() called while ${this.state}`);
    this.state = 'starting';
    let info: ConnectionReadyInfo;
    try {
      info = await this.establish();
    } catch (error) {
      if (this.state === 'starting') this.state = 'idle';
      throw this.attemptError(error);
    }
    if (this.state !== 'starting') throw new Error('stop() was called before the consumer connected');
    if (info.refused.length > 0) {
      await this.connection?.disconnect();
      this.connection = undefined;
      this.state = 'idle';
      const refused = info.refused.map((outcome) => `${outcome.filter} (${outcome.reason})`).join(', ');
      throw new Error(`MQTT broker at ${this.options.url} refused subscription to ${refused}`);
    }
    this.state = 'running';
    this.announce(info);
  }

  /**
   * Closes with DISCONNECT (no `disconnected` event). Unacknowledged messages are not acked, and ack() calls
   * from now on are no-ops: the broker redelivers those messages to the next session with this clientId.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopping') return this.stopping;
    if (this.state === 'idle') return;
    this.state = 'stopping';
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    this.stopping = (connection?.disconnect() ?? Promise.resolve()).finally(() => {
      this.state = 'idle';
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async establish(): Promise<ConnectionReadyInfo> {
    const { protocolVersion } = this.options;
    if (protocolVersion !== 'auto') return this.connect(protocolVersion);
    if (this.refusedMqtt5) return this.connect(4);
    try {
      return await this.connect(5);
    } catch (error) {
      if (!this.isStillWanted() || !refusedProtocolVersion(error)) throw error;
      if (error.connackCode !== undefined) this.refusedMqtt5 = true;
      try {
        return await this.connect(4);
      } catch (fallbackError) {
        throw new Error(`MQTT 5: ${error.message}; MQTT 3.1.1: ${errorMessage(fallbackError)}`, {
          cause: fallbackError,
        });
      }
    }
  }

  private connect(protocolVersion: 4 | 5): Promise<ConnectionReadyInfo> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const connection = new SubscriberConnection(this.options, protocolVersion, {
        message: (message) => {
          this.received++;
          this.handler?.(message);
        },
        acked: (count) => {
          this.acked += count;
        },
        handlerFailed: (error) => this.emit('error', error),
        ready: (info) => {
          ready = true;
          resolve(info);
        },
        closed: (error) => {
          if (!ready) reject(error);
          else this.onConnectionLost(connection, error);
        },
      });
      this.connection = connection;
    });
  }

  private announce(info: ConnectionReadyInfo): void {
    this.failedAttempts = 0;
    for (const outcome of info.downgraded) {
      this.emit('error', new Error(`MQTT subscription ${outcome.filter}: ${outcome.reason}`));
    }
    this.emit('connected', { sessionPresent: info.sessionPresent, protocolVersion: info.protocolVersion });
  }

  private onConnectionLost(connection: SubscriberConnection, reason: Error): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    if (this.state !== 'running') return;
    this.emit('disconnected', reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelayMs(
      this.failedAttempts++,
      this.options.reconnectMinMs,
      this.options.reconnectMaxMs,
    );
    this.reconnectTimer = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    this.reconnectTimer = undefined;
    let info: ConnectionReadyInfo;
    try {
      info = await this.establish();
    } catch (error) {
      if (this.state !== 'running') return;
      this.emit('error', this.attemptError(error));
      this.scheduleReconnect();
      return;
    }
    // stop() already took the connection away and is closing it.
    if (this.state !== 'running') return;
    this.reconnects++;
    for (const outcome of info.refused) {
      this.emit(
        'error',
        new Error(`MQTT broker refused subscription to ${outcome.filter} (${outcome.reason})`),
      );
    }
    this.announce(info);
  }

  private isStillWanted(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  private attemptError(error: unknown): Error {
    const { clientId, url } = this.options;
    return new Error(`MQTT consumer ${clientId} could not connect to ${url}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function refusedProtocolVersion(error: unknown): error is ConnectionLostError {
  if (!(error instanceof ConnectionLostError) || error.phase !== 'awaiting-connack') return false;
  // A 3.1.1 broker must answer a level-5 CONNECT with return code 1 (MQTT-3.1.2-2), as aedes does; others
  // fail to parse it and just close the socket. Any other refusal would fail on 3.1.1 as well.
  return error.connackCode === undefined || isUnsupportedVersionCode(error.connackCode);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
