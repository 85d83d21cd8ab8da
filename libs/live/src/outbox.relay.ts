import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { Pool } from 'pg';
import { EventFeed, readCursor, saveCursor, type Follower, type StoredEvent } from '@gridcell/events';
import { LeaderElection } from './leader.election';
import { LiveGateway } from './live.gateway';
import { messageOf } from './live-protocol';
import { RedisLink } from './redis.link';

/** How far the leading relay has sent: where a leader taking over resumes. */
const RELAY_CURSOR = 'live.relay';

/**
 * Follows the outbox and hands each event to the gateway. With Redis one elected instance does,
 * and the adapter carries the events to every instance's sockets; without, each instance serves
 * its own sockets.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private follower?: Follower;

  constructor(
    private readonly feed: EventFeed,
    private readonly gateway: LiveGateway,
    private readonly redis: RedisLink,
    private readonly pool: Pool,
    private readonly election: LeaderElection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.redis.enabled) {
      this.follow(await this.feed.latestEventId());
      return;
    }
    this.election.start({ lead: (firstTry) => this.lead(firstTry), resign: () => this.stopFollowing() });
  }

  /** Before the Redis and database connections close, so the lock is handed back cleanly. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.election.stop();
    await this.stopFollowing();
  }

  /**
   * Winning at start-up means nobody was leading, so no connected socket can have missed
   * anything: start at the newest event. Taking over from a leader, resume after the last event
   * this instance heard from it or the last it saved, whichever is newer: surviving sockets then
   * see no gap and no repeat.
   */
  private async lead(firstTry: boolean): Promise<void> {
    const heard = this.gateway.lastDelivered();
    const saved = firstTry ? null : await readCursor(this.pool, RELAY_CURSOR);
    const from =
      heard === null && saved === null ? await this.feed.latestEventId() : Math.max(heard ?? 0, saved ?? 0);
    await saveCursor(this.pool, RELAY_CURSOR, from);
    this.follow(from);
  }

  private follow(afterEventId: number): void {
    this.follower = this.feed.follow(afterEventId, (events) => this.relay(events));
  }

  private async relay(events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      const { type, rooms, payload } = messageOf(event);
      this.gateway.send(type, rooms, payload);
    }
    if (!this.redis.enabled) return;
    // Best effort: throwing here would make the feed deliver the batch again.
    await saveCursor(this.pool, RELAY_CURSOR, events[events.length - 1].eventId).catch((error: Error) =>
      this.logger.warn(`saving the relay position failed: ${error.message}`),
    );
  }

  private async stopFollowing(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }
}
