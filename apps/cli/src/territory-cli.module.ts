import { Module } from '@nestjs/common';
import { ConfigModule } from '@gridcell/config';
import { DatabaseModule } from '@gridcell/database';
import { GridModule } from '@gridcell/grid';

@Module({ imports: [ConfigModule, DatabaseModule, GridModule] })
export class TerritoryCliModule {}
