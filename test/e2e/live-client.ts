import { io, type Socket } from 'socket.io-client';
import { waitFor } from '@gridcell/testing';

export interface Received {
  type: string;
  payload: { eventId?: number; id?: string; [key: string]: unknown };
}

/** A real socket.io client of `/live` that records everything it receives, in order. */
export class LiveClient {
  readonly received: Received[] = [];
  disconnectReason?: string;

  private constructor(readonly socket: Socket) {
    socket.onAny((type: string, payload: Received['payload']) => this.received.push({ type, payload }));
    socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
    });
  }

  private static open(baseUrl: string, auth: object, namespace = '/live'): Socket {
    return io(`${baseUrl}${namespace}`, {
      auth,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
  }

  /** Connected and admitted, or rejects with the server's reason. */
  static async connect(baseUrl: string, auth: { token: string; lastEventId?: unknown }): Promise<LiveClient> {
    const socket = LiveClient.open(baseUrl, auth);
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return client;
  }

  /** The reason the server gives for refusing this handshake. */
  static async refusal(baseUrl: string, auth: object, namespace = '/live'): Promise<string> {
    const socket = LiveClient.open(baseUrl, auth, namespace);
    try {
      return await new Promise<string>((resolve, reject) => {
        socket.once('connect_error', (error) => resolve(error.message));
        socket.once('connect', () => reject(new Error('the server admitted the socket')));
      });
    } finally {
      socket.close();
    }
  }

  /** Event ids received, in order, of the outbox events (not notices). */
  get eventIds(): number[] {
    return this.received.filter((r) => r.payload.eventId !== undefined).map((r) => r.payload.eventId!);
  }

  /** Waits until an event with this id has arrived; returns everything received so far. */
  async receivedEvent(eventId: number, timeoutMs = 15_000): Promise<Received[]> {
    await waitFor(
      () => this.eventIds.includes(eventId),
      timeoutMs,
      () => `event ${eventId}; received ${JSON.stringify(this.eventIds)}`,
    );
    return this.received;
  }

  close(): void {
    this.socket.close();
  }
}
