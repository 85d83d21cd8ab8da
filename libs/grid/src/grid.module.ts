import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@gridcell/identity';
import { AccessPolicy } from './access/access.policy';
import { MeterAccess } from './access/meter.access';
import { AssignmentController } from './assignment/assignment.controller';
import { TerritoryController } from './territory/territory.controller';
import { TerritoryQueries } from './territory/territory.queries';
import { CoverageController } from './coverage/coverage.controller';
import { CoverageService } from './coverage/coverage.service';
import { AssignmentService } from './assignment/assignment.service';
import { DutyService } from './duty/duty.service';
import { StaffDutyController } from './duty/staff-duty.controller';
import {
  Cell,
  Customer,
  Feeder,
  Gateway,
  Meter,
  Staff,
  StaffCell,
  StaffDutyChange,
  StaffShift,
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
      StaffShift,
    ]),
  ],
  controllers: [
    TopologyController,
    StaffDutyController,
    AssignmentController,
    CoverageController,
    TerritoryController,
  ],
  providers: [
    TopologyImporter,
    TopologyExporter,
    AccessPolicy,
    MeterAccess,
    DutyService,
    AssignmentService,
    CoverageService,
    TerritoryQueries,
  ],
  exports: [TopologyImporter, TopologyExporter, AccessPolicy, MeterAccess, DutyService, AssignmentService],
})
export class GridModule {}
