import { Module } from '@nestjs/common';
import { ConfigModule } from '@gridcell/config';
import { DatabaseModule } from '@gridcell/database';
import { DetectorModule } from '@gridcell/outages';

@Module({ imports: [ConfigModule, DatabaseModule, DetectorModule] })
export class DetectorAppModule {}
