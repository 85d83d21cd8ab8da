import { Module } from '@nestjs/common';
import { ConfigModule } from '@gridcell/config';
import { DatabaseModule } from '@gridcell/database';
import { IngestModule } from '@gridcell/ingest';

@Module({ imports: [ConfigModule, DatabaseModule, IngestModule] })
export class IngestAppModule {}
