import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Pool } from 'pg';
import { GridConfig } from '@gridcell/config';
import { inTransaction } from '@gridcell/database';
import { saveCursor } from '@gridcell/events';

/** The consumer cursor holding the newest event id retention has deleted: replays from before it are truncated. */
export const RETENTION_CURSOR = 'live.retention';
const DAY_MS = 24 * 3600_000;

/** Deletes domain events older than LIVE_EVENTS_RETENTION_DAYS, at start and daily. */
@Injectable()
export class EventsRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventsRetention.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly config: GridConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.running = this.prune();
    };
    run();
    this.timer = setInterval(run, DAY_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past retention and records how far, in one transaction. */
  async prune(): Promise<void> {
    try {
      await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ through: string | null }>(
          `WITH gone AS (DELETE FROM domain_events WHERE created_at < now() - make_interval(days => $1)
                         RETURNING event_id)
           SELECT max(event_id) AS through FROM gone`,
          [this.config.LIVE_EVENTS_RETENTION_DAYS],
        );
        if (rows[0].through !== null) await saveCursor(client, RETENTION_CURSOR, Number(rows[0].through));
      });
    } catch (error) {
      this.logger.warn(`deleting old domain events failed: ${(error as Error).message}`);
    }
  }
}
