import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@gridcell/identity';
import { MeterAccess } from './access/meter.access';
import { TerritoryController } from './territory/territory.controller';
import { TerritoryQueries } from './territory/territory.queries';
import { CoverageController } from './coverage/coverage.controller';
import { CoverageService } from './coverage/coverage.service';
import { AssignmentService } from './assignment/assignment.service';
import { DutyService } from './assignment/duty.service';
import { StaffDutyController } from './assignment/staff-duty.controller';
import { NoWorkOrdersYet, WORKLOAD_SOURCE } from './assignment/workload.source';
import {
  Cell,
  Customer,
  Feeder,
  Gateway,
  Meter,
  Staff,
  StaffCell,
  StaffDutyChange,
  Transformer,
} from './entities';
import { TopologyController } from './topology/topology.controller';
import { TopologyExporter } from './topology/topology.exporter';
import { TopologyImporter } from './topology/topology.importer';

/** The service territory: feeders, transformer areas, cells and their staff, customers, meters. */
@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([
      Feeder,
      Cell,
      Transformer,
      Gateway,
      Customer,
      Meter,
      Staff,
      StaffCell,
      StaffDutyChange,
    ]),
  ],
  controllers: [TopologyController, StaffDutyController, CoverageController, TerritoryController],
  providers: [
    TopologyImporter,
    TopologyExporter,
    MeterAccess,
    DutyService,
    AssignmentService,
    CoverageService,
    TerritoryQueries,
    { provide: WORKLOAD_SOURCE, useClass: NoWorkOrdersYet },
  ],
  exports: [TopologyImporter, TopologyExporter, MeterAccess, DutyService, AssignmentService],
})
export class GridModule {}
