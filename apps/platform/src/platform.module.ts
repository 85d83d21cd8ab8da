import { Module } from '@nestjs/common';
import { IngestModule } from '@gridcell/ingest';
import { ApiModule } from '../../api/src/api.module';

/** API and ingest in one process: the embedded first run. */
@Module({ imports: [ApiModule, IngestModule] })
export class PlatformModule {}
