import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ConfigModule } from '@gridcell/config';
import { DatabaseModule } from '@gridcell/database';
import { GridModule } from '@gridcell/grid';
import { IdentityModule } from '@gridcell/identity';
import { LiveModule } from '@gridcell/live';
import { MeterDataApiModule } from '@gridcell/metering';
import { IncidentsApiModule } from '@gridcell/outages';
import { BrokerLink } from './health/broker.link';
import { HealthController } from './health/health.controller';

/** The HTTP API and its live channel: everything people and outside scripts call. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 6000 }]),
    IdentityModule,
    GridModule,
    MeterDataApiModule,
    IncidentsApiModule,
    LiveModule,
  ],
  controllers: [HealthController],
  providers: [BrokerLink, { provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ApiModule {}
