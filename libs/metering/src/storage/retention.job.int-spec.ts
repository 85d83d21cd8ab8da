import { Pool } from 'pg';
import { detectEngine } from '@gridcell/database';
import { BatchWriter } from './batch.writer';
import { RetentionJob } from './retention.job';
import type { ReadingRow } from './stored-batch';

const DAY = 86_400_000;

describe('retention (real database)', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(() => pool.end());

  it('drops raw readings older than the period and keeps recent ones', async () => {
    const engine = await detectEngine(pool);
    const [{ num }] = (
      await pool.query<{ num: number }>(
        `INSERT INTO meters (id) VALUES ('retention-${process.pid}-${Date.now()}') RETURNING num`,
      )
    ).rows;
    const reading = (daysAgo: number): ReadingRow => ({
      meterNum: num,
      ts: Date.now() - daysAgo * DAY,
      energyKwh: 1000 - daysAgo,
      voltage: [220, null, null],
      current: [null, null, null],
      powerKw: null,
      powerFactor: null,
      frequencyHz: null,
    });
    await new BatchWriter(pool, engine).commit({
      readings: [reading(500), reading(450), reading(10), reading(1)],
      events: [],
      statuses: [],
      quarantine: [],
    });

    await new RetentionJob(pool, engine).run(400);

    const { rows } = await pool.query<{ energy_kwh: number }>(
      'SELECT energy_kwh FROM readings WHERE meter_num = $1 ORDER BY ts',
      [num],
    );
    expect(rows.map((r) => r.energy_kwh)).toEqual([990, 999]);
  });
});
