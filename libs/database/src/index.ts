export * from './database-engine';
export * from './data-source.options';
export * from './migrate';
export * from './embedded/embedded-database';
export * from './database.module';
export * from './with-client';
