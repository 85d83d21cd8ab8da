export * from './identifiers';
export * from './device/device-payloads';
export * from './territory/topology.schema';
