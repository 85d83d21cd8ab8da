import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { DATABASE_ENGINE, type DatabaseEngine } from '@gridcell/database';

const RAW_TABLES = ['readings', 'meter_events', 'gateway_status'] as const;

/**
 * Drops raw time-series data older than the retention period: whole chunks with drop_chunks on
 * TimescaleDB (the Apache edition has no retention policies, so we schedule it ourselves), a
 * DELETE elsewhere. The hourly rollup is kept.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly pool: Pool,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngine,
  ) {}

  async run(retentionDays: number): Promise<void> {
    const cutoff = `${retentionDays} days`;
    for (const table of RAW_TABLES) {
      if (this.engine.hypertables) {
        await this.pool.query(`SELECT drop_chunks('${table}', older_than => now() - $1::interval)`, [cutoff]);
      } else {
        await this.pool.query(`DELETE FROM ${table} WHERE ts < now() - $1::interval`, [cutoff]);
      }
    }
    this.logger.log(`dropped raw data older than ${cutoff}`);
  }
}
