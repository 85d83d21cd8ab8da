import { Module } from '@nestjs/common';
import { MeteringModule } from '@gridcell/metering';
import { IngestPipeline } from './ingest.pipeline';
import { IngestService } from './ingest.service';
import { IngestStats } from './ingest.stats';
import { MeterRegistry } from './meter.registry';

/** MQTT → validated, batched, acknowledged-after-commit storage of device data. */
@Module({
  imports: [MeteringModule],
  providers: [MeterRegistry, IngestPipeline, IngestStats, IngestService],
  exports: [IngestService, IngestStats],
})
export class IngestModule {}
