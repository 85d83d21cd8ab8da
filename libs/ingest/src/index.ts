export * from './decode/decoded-message';
export * from './decode/device-topic';
export * from './decode/message.decoder';
export * from './decode/payload-limits';
export * from './ingest.pipeline';
export * from './ingest.stats';
export * from './ingest.module';
export * from './ingest.service';
