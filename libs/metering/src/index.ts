export * from './entities';
export * from './storage/stored-batch';
export * from './storage/batch.writer';
export * from './storage/rollup.refresher';
export * from './storage/retention.job';
export * from './usage/usage.service';
export * from './metering.module';
export * from './meter-data-api.module';
