export * from './live.module';
export * from './live-protocol';
