import { Pool } from 'pg';
import { loadConfig } from '@gridcell/config';
import { detectEngine, type DatabaseEngine } from '@gridcell/database';
import { BatchWriter } from '../storage/batch.writer';
import { RollupRefresher } from '../storage/rollup.refresher';
import type { ReadingRow } from '../storage/stored-batch';
import { UsageService } from './usage.service';

const QUARTER = 900_000;
// Local midnight in Asia/Shanghai (UTC+8, no DST) is 16:00 UTC the day before.
const OCT31 = Date.parse('2026-10-31T00:00:00+08:00');

describe('usage from the hourly rollup (real database)', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  let engine: DatabaseEngine;
  let writer: BatchWriter;
  let usage: UsageService;
  let rollup: RollupRefresher;
  let meterNum: number;

  /** Interval q (ending at OCT31 + q quarters) consumes (q mod 4 + 1) × 0.1 kWh. */
  const consumed = (q: number) => ((q % 4) + 1) * 0.1;
  const register = (q: number) =>
    500 + Array.from({ length: q }, (_, i) => consumed(i + 1)).reduce((a, b) => a + b, 0);
  const row = (q: number): ReadingRow => ({
    meterNum,
    ts: OCT31 + q * QUARTER,
    energyKwh: Math.round(register(q) * 1e6) / 1e6,
    voltage: [220 + (q % 3), null, null],
    current: [null, null, null],
    powerKw: null,
    powerFactor: null,
    frequencyHz: null,
  });
  /** Expected kWh of a bucket: the intervals ending inside (start, end]. */
  const expected = (start: number, end: number, quarters: number[]) =>
    Math.round(
      quarters
        .filter((q) => OCT31 + q * QUARTER > start && OCT31 + q * QUARTER <= end)
        .reduce((a, q) => a + consumed(q), 0) * 1000,
    ) / 1000;

  // Two days of 15-minute reads, minus a silent stretch on the second morning (a comm gap).
  const gap = new Set(Array.from({ length: 8 }, (_, i) => 96 + 24 + i));
  const quarters = Array.from({ length: 2 * 96 + 1 }, (_, q) => q).filter((q) => !gap.has(q));

  beforeAll(async () => {
    engine = await detectEngine(pool);
    const [{ num }] = (
      await pool.query<{ num: number }>(
        `INSERT INTO meters (id) VALUES ('usage-spec-${process.pid}-${Date.now()}') RETURNING num`,
      )
    ).rows;
    meterNum = num;
    writer = new BatchWriter(pool, engine);
    rollup = new RollupRefresher(pool);
    usage = new UsageService(pool, loadConfig({ GRID_TIMEZONE: 'Asia/Shanghai' }));
    await writer.commit({ readings: quarters.map(row), events: [], statuses: [], quarantine: [] });
    await rollup.drain();
  });
  afterAll(() => pool.end());

  it('splits days at local midnight in GRID_TIMEZONE', async () => {
    const days = await usage.usage(meterNum, new Date(OCT31), new Date(OCT31 + 2 * 86_400_000), 'day');
    expect(days).toEqual([
      // The first reading (q = 0, at midnight) closes the previous day, so day one starts from it.
      { start: '2026-10-30T16:00:00.000Z', kwh: expected(OCT31, OCT31 + 86_400_000, quarters) },
      // The register keeps counting through the comm gap, so day two loses nothing.
      {
        start: '2026-10-31T16:00:00.000Z',
        kwh: expected(OCT31 + 86_400_000, OCT31 + 2 * 86_400_000, quarters.concat([...gap])),
      },
    ]);
    expect(days[0].kwh).toBeCloseTo(96 * 0.25, 6);
  });

  it('gives hourly buckets, with consumption during a gap landing where the register is next read', async () => {
    const from = OCT31 + 86_400_000;
    const hours = await usage.usage(meterNum, new Date(from), new Date(from + 12 * 3_600_000), 'hour');
    const starts = hours.map((h) => Date.parse(h.start));
    // Reads at 06:00-07:45 local on day two are missing: the hour (06:00, 07:00] has none and is absent...
    expect(starts).not.toContain(from + 6 * 3_600_000);
    // ...and the 07:00 hour, closed by the 08:00 read, carries what was used since the 05:45 read.
    const seven = hours.find((h) => Date.parse(h.start) === from + 7 * 3_600_000)!;
    expect(seven.kwh).toBeCloseTo(
      expected(OCT31 + 119 * QUARTER, from + 8 * 3_600_000, quarters.concat([...gap])),
      6,
    );
    expect(hours.reduce((a, h) => a + h.kwh, 0)).toBeCloseTo(
      expected(from, from + 12 * 3_600_000, quarters.concat([...gap])),
      6,
    );
  });

  it('gives month buckets across the month boundary', async () => {
    const months = await usage.usage(
      meterNum,
      new Date('2026-10-01T00:00:00+08:00'),
      new Date('2026-12-01T00:00:00+08:00'),
      'month',
    );
    expect(months.map((m) => m.start)).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z']);
    expect(months[1].kwh).toBeCloseTo(
      expected(OCT31 + 86_400_000, OCT31 + 2 * 86_400_000, quarters.concat([...gap])),
      6,
    );
  });

  it('ignores a re-delivered batch', async () => {
    const before = await usage.usage(meterNum, new Date(OCT31), new Date(OCT31 + 2 * 86_400_000), 'hour');
    await writer.commit({
      readings: quarters.slice(0, 50).map(row),
      events: [],
      statuses: [],
      quarantine: [],
    });
    await rollup.drain();
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM readings WHERE meter_num = $1',
      [meterNum],
    );
    expect(Number(rows[0].n)).toBe(quarters.length);
    expect(await usage.usage(meterNum, new Date(OCT31), new Date(OCT31 + 2 * 86_400_000), 'hour')).toEqual(
      before,
    );
  });

  it('serves raw readings in time order', async () => {
    const readings = await usage.readings(meterNum, new Date(OCT31), new Date(OCT31 + 3_600_000), 10);
    expect(readings.map((r) => r.ts)).toEqual(
      [0, 1, 2, 3].map((q) => new Date(OCT31 + q * QUARTER).toISOString()),
    );
    expect(readings[1]).toMatchObject({ energyKwh: row(1).energyKwh, voltageV: 221 });
  });
});
