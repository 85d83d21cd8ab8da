/** Public surface for the all-in-one platform launcher and for tests. */
export { startSimulator } from './simulator.runner';
export type { RunningSimulator, SimulatorStats } from './simulator.runner';
export {
  loadSimulatorConfig,
  resolveSimulatorConfig,
  simulatorDefaults,
  SimulatorConfigError,
} from './simulator.config';
export type { SimulatorConfig, SimulatorConfigInput } from './simulator.config';
export { generateCounty, demoPassword } from './county.generator';
export type { County, CountyOptions, MeterSite } from './county.generator';
export { FleetModel } from './fleet.model';
export type { SimReading } from './fleet.model';
export type { TopologyBody } from './topology.types';
export type { SimLogger } from './sim.logger';
