import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayStatus, MeterEvent, MeterHourly, QuarantinedMessage, Reading, RollupDirty } from './entities';
import { BatchWriter } from './storage/batch.writer';
import { RetentionJob } from './storage/retention.job';
import { RollupRefresher } from './storage/rollup.refresher';
import { UsageService } from './usage/usage.service';

/** Time-series storage of meter data: bulk writes, the hourly rollup, retention and usage queries. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Reading,
      MeterHourly,
      RollupDirty,
      MeterEvent,
      GatewayStatus,
      QuarantinedMessage,
    ]),
  ],
  providers: [BatchWriter, RollupRefresher, RetentionJob, UsageService],
  exports: [BatchWriter, RollupRefresher, RetentionJob, UsageService],
})
export class MeteringModule {}
