import { Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { inTransaction } from '@gridcell/database';
import { METER_BLOCK_BITS } from './stored-batch';

const CELLS_PER_PASS = 2000;

/**
 * Keeps meter_hourly in step with readings. Ingest transactions append the (hour, meter block)
 * cells they touched to rollup_dirty; each pass takes a slice of that log and recomputes those
 * cells from readings in the same transaction, so a crash mid-pass redoes the work and concurrent
 * refreshers (several ingest processes) never lose a mark. The rollup lags ingest by one pass.
 */
@Injectable()
export class RollupRefresher {
  private readonly logger = new Logger(RollupRefresher.name);

  constructor(private readonly pool: Pool) {}

  /** Runs passes until the log is empty; returns how many cells were recomputed. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.pass(); n > 0; n = await this.pass()) total += n;
    return total;
  }

  async pass(): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ hour: Date; meter_block: number }>(
        `WITH taken AS (
           DELETE FROM rollup_dirty WHERE id IN (SELECT id FROM rollup_dirty ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING hour, meter_block)
         SELECT DISTINCT hour, meter_block FROM taken`,
        [CELLS_PER_PASS],
      );
      if (rows.length) {
        await client.query(
          `INSERT INTO meter_hourly AS h (meter_num, hour, readings, energy_min, energy_max, voltage_min, voltage_max, voltage_sum, voltage_n)
           SELECT r.meter_num, c.hour, count(*), min(r.energy_kwh), max(r.energy_kwh),
                  min(least(r.voltage_a, r.voltage_b, r.voltage_c)), max(greatest(r.voltage_a, r.voltage_b, r.voltage_c)),
                  coalesce(sum(r.voltage_a), 0), count(r.voltage_a)
           FROM unnest($1::timestamptz[], $2::int[]) AS c(hour, block)
           JOIN readings r ON r.ts > c.hour AND r.ts <= c.hour + interval '1 hour'
                          AND r.meter_num >= c.block << ${METER_BLOCK_BITS} AND r.meter_num < (c.block + 1) << ${METER_BLOCK_BITS}
           GROUP BY r.meter_num, c.hour
           ON CONFLICT ON CONSTRAINT meter_hourly_pkey DO UPDATE SET
             readings = EXCLUDED.readings, energy_min = EXCLUDED.energy_min, energy_max = EXCLUDED.energy_max,
             voltage_min = EXCLUDED.voltage_min, voltage_max = EXCLUDED.voltage_max,
             voltage_sum = EXCLUDED.voltage_sum, voltage_n = EXCLUDED.voltage_n`,
          [rows.map((r) => r.hour), rows.map((r) => r.meter_block)],
        );
      }
      return rows.length;
    });
  }

  /** Refreshes every `intervalMs` until the returned stop function is called. */
  schedule(intervalMs: number): () => Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    let stopped = false;
    const tick = () => {
      running = this.drain()
        .catch((error: Error) => this.logger.warn(`rollup refresh failed, will retry: ${error.message}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    timer = setTimeout(tick, intervalMs);
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  }
}
