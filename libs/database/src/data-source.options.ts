import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** TypeORM options shared by the apps (entities come from each module's forFeature) and the CLIs. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    extra: { max: poolSize, application_name: 'gridcell' },
  };
}
