export * from './reading.entity';
export * from './meter-hourly.entity';
export * from './rollup-dirty.entity';
export * from './meter-event.entity';
export * from './gateway-status.entity';
export * from './quarantined-message.entity';
