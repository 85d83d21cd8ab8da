import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { GridConfig } from '@gridcell/config';
import { dataSourceOptions } from './data-source.options';
import { detectEngine } from './database-engine';

/** Token for the {@link DatabaseEngine} detected at start-up. */
export const DATABASE_ENGINE = Symbol('DATABASE_ENGINE');

/**
 * TypeORM for the domain tables plus the raw `pg` Pool behind it, for the bulk time-series paths
 * (COPY, unnest). Expects DATABASE_URL to point at a migrated database (the launcher sees to it).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [GridConfig],
      useFactory: (config: GridConfig) => {
        if (!config.DATABASE_URL)
          throw new Error(
            'DATABASE_URL is not set: start the platform with `npm start` for the embedded database',
          );
        return { ...dataSourceOptions(config.DATABASE_URL), autoLoadEntities: true };
      },
    }),
  ],
  providers: [
    { provide: DATABASE_ENGINE, inject: [DataSource], useFactory: (ds: DataSource) => detectEngine(ds) },
    // The driver's own pool: one set of connections for ORM and bulk work alike.
    {
      provide: Pool,
      inject: [DataSource],
      useFactory: (ds: DataSource) => {
        const pool = (ds.driver as unknown as { master: Pool }).master;
        // An idle connection dropped by the server must not crash the process; the pool replaces it.
        pool.on('error', (error) => new Logger('Database').warn(`idle connection lost: ${error.message}`));
        return pool;
      },
    },
  ],
  exports: [DATABASE_ENGINE, Pool],
})
export class DatabaseModule {}
