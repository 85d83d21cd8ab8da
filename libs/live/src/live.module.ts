import { Module } from '@nestjs/common';
import { GridConfig } from '@gridcell/config';
import { DATABASE_ENGINE, type DatabaseEngine } from '@gridcell/database';
import { EventFeed } from '@gridcell/events';
import { GridModule } from '@gridcell/grid';
import { IdentityModule } from '@gridcell/identity';
import { AdvisoryLeaderLock } from './advisory.leader-lock';
import { EventsRetention } from './events.retention';
import { LeaderElection } from './leader.election';
import { LiveGateway } from './live.gateway';
import { OutboxRelay } from './outbox.relay';
import { RedisLeaderLock } from './redis.leader-lock';
import { RedisLink } from './redis.link';

/** Live events over socket.io (CONTRACT 3): authenticated sockets, rooms by access, replay, fan-out. */
@Module({
  imports: [IdentityModule, GridModule],
  providers: [
    EventFeed,
    RedisLink,
    LiveGateway,
    OutboxRelay,
    EventsRetention,
    {
      provide: LeaderElection,
      inject: [DATABASE_ENGINE, GridConfig, RedisLink],
      useFactory: (engine: DatabaseEngine, config: GridConfig, redis: RedisLink) =>
        new LeaderElection(
          engine.kind === 'pglite'
            ? new RedisLeaderLock(redis)
            : new AdvisoryLeaderLock(config.DATABASE_URL!),
        ),
    },
  ],
})
export class LiveModule {}
