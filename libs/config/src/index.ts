export * from './grid-config';
export * from './config.module';
