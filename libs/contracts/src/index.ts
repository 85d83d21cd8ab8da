export * from './identifiers';
export * from './device/device-payloads';
