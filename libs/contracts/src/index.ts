export * from './identifiers';
export * from './device/device-payloads';
export * from './territory/topology.schema';
export * from './incidents/incident.types';
export * from './live/live-events';
export * from './workorders/work-order.types';
