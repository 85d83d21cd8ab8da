import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ConfigModule } from '@gridcell/config';
import { DatabaseModule } from '@gridcell/database';
import { GridModule } from '@gridcell/grid';
import { IdentityModule } from '@gridcell/identity';
import { LiveModule } from '@gridcell/live';
import { BrokerLinkModule } from '@gridcell/messaging';
import { MeterDataApiModule } from '@gridcell/metering';
import { NotificationsModule } from '@gridcell/notifications';
import { IncidentsApiModule } from '@gridcell/outages';
import { WorkOrdersModule } from '@gridcell/workorders';
import { HealthController } from './health/health.controller';

/** The HTTP API and its live channel: everything people and outside scripts call. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 6000 }]),
    BrokerLinkModule,
    IdentityModule,
    GridModule,
    MeterDataApiModule,
    IncidentsApiModule,
    WorkOrdersModule,
    NotificationsModule,
    LiveModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ApiModule {}
