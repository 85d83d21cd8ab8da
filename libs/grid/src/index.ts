export * from './entities';
export * from './topology/topology.dto';
export * from './topology/topology.validator';
export * from './topology/topology.importer';
export * from './access/meter.access';
export * from './grid.module';
