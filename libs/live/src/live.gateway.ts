import {
  HttpException,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server as HttpServer } from 'node:http';
import { Pool } from 'pg';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { LiveEvent, LiveEventType } from '@gridcell/contracts';
import { EventFeed, readCursor } from '@gridcell/events';
import { AccessPolicy } from '@gridcell/grid';
import { AuthService } from '@gridcell/identity';
import { RETENTION_CURSOR } from './events.retention';
import { expiryOf, HandshakeRefused, readHandshake } from './live-handshake';
import {
  emitMessage,
  messageOf,
  REPLAY_TRUNCATED,
  SESSION_EXPIRED,
  type LiveMessage,
  type LiveServerEvents,
} from './live-protocol';
import { roomsOf } from './live-rooms';
import { RedisLink } from './redis.link';
import { ReplaySession, type ReplaySource } from './replay.session';

/** Instances hand each other the relay's events under this name. */
const FAN_OUT = 'live.fan-out';
const REPLAY_PAGE = 1000;

interface InterServerEvents {
  [FAN_OUT]: (message: LiveMessage) => void;
}
interface SocketData {
  rooms: string[];
  lastEventId: number | null;
  expiresAt: number | null;
}
/** Clients only listen. */
type ClientEvents = Record<string, never>;
type LiveServer = Server<ClientEvents, LiveServerEvents, InterServerEvents, SocketData>;
type LiveNamespace = Namespace<ClientEvents, LiveServerEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientEvents, LiveServerEvents, InterServerEvents, SocketData>;

/**
 * The live channel (CONTRACT 3) on the API's HTTP server: path `/socket.io`, namespace `/live`.
 *
 * socket.io is used directly rather than through @nestjs/websockets: clients only listen, so
 * there is nothing for @SubscribeMessage to route; a refused handshake reaches the client as
 * `connect_error` only from namespace middleware; and the Redis adapter wants connected clients
 * before the first socket — simpler here than a decorated gateway plus an IoAdapter in bootstrap.
 *
 * Events do not travel between instances as socket.io broadcasts, which would write straight to
 * the sockets: a socket still catching up must get them through its {@link ReplaySession}. So the
 * relay's instance hands each event to the others (`serverSideEmit` over the Redis adapter) and
 * every instance delivers to its own sockets.
 */
@Injectable()
export class LiveGateway implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  private io?: LiveServer;
  private live!: LiveNamespace;
  private readonly replays = new Set<ReplaySession>();
  private head: number | null = null;
  private readonly source: ReplaySource = {
    pageSize: REPLAY_PAGE,
    page: async (after) => (await this.feed.since(after, REPLAY_PAGE)).map(messageOf),
    latest: () => this.feed.latestEventId(),
    prunedThrough: () => readCursor(this.pool, RETENTION_CURSOR),
  };

  constructor(
    private readonly http: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly policy: AccessPolicy,
    private readonly feed: EventFeed,
    private readonly pool: Pool,
    private readonly redis: RedisLink,
  ) {}

  onModuleInit(): void {
    const http = this.http.httpAdapter.getHttpServer() as HttpServer;
    const io = new Server<ClientEvents, LiveServerEvents, InterServerEvents, SocketData>(http, {
      path: '/socket.io',
      serveClient: false,
    });
    if (this.redis.enabled) io.adapter(this.redis.adapter());
    io.of('/').use((_socket, next) => next(new Error('connect to the /live namespace')));
    this.live = io.of('/live');
    this.live.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.live.on('connection', (socket) => this.connected(socket));
    this.live.on(FAN_OUT, (message) => this.deliver(message));
    this.io = io;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.io?.close();
  }

  /**
   * The one way out to clients: `payload` as event `type` to the sockets in any of `rooms`, on
   * every instance.
   */
  send<T extends LiveEventType>(type: T, rooms: string[], payload: LiveEvent<T>): void {
    const message: LiveMessage = { type, rooms, payload };
    if (this.redis.enabled) this.live.serverSideEmit(FAN_OUT, message);
    this.deliver(message);
  }

  /** The id of the last event this instance delivered, null before the first. */
  lastDelivered(): number | null {
    return this.head;
  }

  private deliver(message: LiveMessage): void {
    emitMessage(this.live.local.to(message.rooms), message);
    this.head = message.payload.eventId;
    for (const replay of this.replays) replay.live(message, this.head);
  }

  private async admit(socket: LiveSocket): Promise<void> {
    try {
      const { token, lastEventId } = readHandshake(socket.handshake.auth);
      const principal = await this.auth.verify(token);
      const rooms = roomsOf(await this.policy.scopeOf(principal));
      socket.data = { rooms, lastEventId, expiresAt: expiryOf(token) };
    } catch (error) {
      if (error instanceof HandshakeRefused || error instanceof HttpException) throw error;
      this.logger.warn(`admitting a live socket failed: ${(error as Error).message}`);
      throw new Error('the live channel is unavailable; try again', { cause: error });
    }
  }

  private connected(socket: LiveSocket): void {
    const { rooms, lastEventId, expiresAt } = socket.data;
    if (expiresAt !== null) {
      const expiry = setTimeout(() => {
        socket.emit(SESSION_EXPIRED, { message: 'access token expired; reconnect with a new one' });
        socket.disconnect(true);
      }, expiresAt - Date.now());
      socket.once('disconnect', () => clearTimeout(expiry));
    }
    if (lastEventId === null) {
      void socket.join(rooms);
      return;
    }
    const replay = new ReplaySession(lastEventId, new Set(rooms), {
      get open() {
        return socket.connected;
      },
      send: (message) => emitMessage(socket, message),
      truncated: (notice) => socket.emit(REPLAY_TRUNCATED, notice),
      settle: () => {
        this.replays.delete(replay);
        void socket.join(rooms);
      },
    });
    this.replays.add(replay);
    socket.once('disconnect', () => this.replays.delete(replay));
    replay
      .run(this.source, () => this.head)
      .catch((error: Error) => {
        this.logger.warn(`replaying to a live socket failed: ${error.message}`);
        socket.disconnect(true);
      });
  }
}
