import { Module } from '@nestjs/common';
import { IngestModule } from '@gridcell/ingest';
import { DetectorModule } from '@gridcell/outages';
import { ApiModule } from '../../api/src/api.module';

/** API, ingest and the detector in one process: the embedded first run. */
@Module({ imports: [ApiModule, IngestModule, DetectorModule] })
export class PlatformModule {}
