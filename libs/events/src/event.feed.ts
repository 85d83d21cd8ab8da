import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client, Pool } from 'pg';
import type { LiveEventType } from '@gridcell/contracts';
import { GridConfig } from '@gridcell/config';
import { EVENTS_CHANNEL } from './event.outbox';

export interface StoredEvent {
  eventId: number;
  type: LiveEventType;
  payload: Record<string, unknown>;
  cells: string[];
  customers: string[];
  createdAt: Date;
}

/** Without a notification, readers look for new events this often (PGlite cannot LISTEN over its socket). */
const POLL_MS = 100;
const BATCH = 1000;

export interface Follower {
  stop(): Promise<void>;
}

/**
 * Reads the outbox in event-id order: a page since some id (replay), or a live follow that wakes on
 * PostgreSQL notifications and polls as a fallback. Followers see every event exactly once, in order.
 */
@Injectable()
export class EventFeed implements OnModuleDestroy {
  private readonly logger = new Logger(EventFeed.name);
  private readonly followers = new Set<Follower>();

  constructor(
    private readonly pool: Pool,
    private readonly config: GridConfig,
  ) {}

  async since(afterEventId: number, limit = BATCH): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<{
      event_id: string;
      type: LiveEventType;
      payload: Record<string, unknown>;
      cells: string[];
      customers: string[];
      created_at: Date;
    }>(
      `SELECT event_id, type, payload, cells, customers, created_at FROM domain_events
       WHERE event_id > $1 ORDER BY event_id LIMIT $2`,
      [afterEventId, limit],
    );
    return rows.map((r) => ({
      eventId: Number(r.event_id),
      type: r.type,
      payload: r.payload,
      cells: r.cells,
      customers: r.customers,
      createdAt: r.created_at,
    }));
  }

  async latestEventId(): Promise<number> {
    const { rows } = await this.pool.query<{ id: string | null }>(
      'SELECT max(event_id) AS id FROM domain_events',
    );
    return Number(rows[0].id ?? 0);
  }

  /** Calls `deliver` with every event after `afterEventId`, in order, as they are committed. */
  follow(afterEventId: number, deliver: (events: StoredEvent[]) => Promise<void> | void): Follower {
    let last = afterEventId;
    let stopped = false;
    let wake: (() => void) | undefined;
    const listener = this.listen(() => wake?.());
    const loop = (async () => {
      while (!stopped) {
        try {
          const events = await this.since(last);
          if (events.length) {
            await deliver(events);
            last = events[events.length - 1].eventId;
            if (events.length === BATCH) continue;
          }
        } catch (error) {
          this.logger.warn(`reading events failed: ${(error as Error).message}; retrying`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
    const follower: Follower = {
      stop: async () => {
        stopped = true;
        wake?.();
        await loop;
        await (await listener)?.end().catch(() => undefined);
        this.followers.delete(follower);
      },
    };
    this.followers.add(follower);
    return follower;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.followers].map((f) => f.stop()));
  }

  /** A LISTEN connection where the server can notify; null where it cannot (then polling alone). */
  private async listen(onNotify: () => void): Promise<Client | null> {
    if (!this.config.DATABASE_URL) return null;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('error', () => undefined);
    try {
      await client.connect();
      client.on('notification', onNotify);
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      return client;
    } catch {
      await client.end().catch(() => undefined);
      return null;
    }
  }
}
