import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@gridcell/identity';
import { MeterAccess } from './access/meter.access';
import { Cell, Customer, Feeder, Gateway, Meter, Staff, StaffCell, Transformer } from './entities';
import { TopologyController } from './topology/topology.controller';
import { TopologyImporter } from './topology/topology.importer';

/** The service territory: feeders, transformer areas, cells and their staff, customers, meters. */
@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([Feeder, Cell, Transformer, Gateway, Customer, Meter, Staff, StaffCell]),
  ],
  controllers: [TopologyController],
  providers: [TopologyImporter, MeterAccess],
  exports: [TopologyImporter, MeterAccess],
})
export class GridModule {}
