import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { GridConfig } from '@gridcell/config';

export const GRANULARITIES = ['hour', 'day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface UsageBucket {
  start: string;
  kwh: number;
}

export interface ReadingView {
  ts: string;
  energyKwh: number | null;
  voltageV: number | (number | null)[] | null;
  currentA: number | (number | null)[] | null;
  powerKw: number | null;
  powerFactor: number | null;
  frequencyHz: number | null;
}

/**
 * Energy consumed per bucket, from the hourly rollup. A bucket's consumption is the register at
 * its end minus the register at the previous bucket's end; day and month buckets start at local
 * midnight in GRID_TIMEZONE. Consumption during a gap with no readings lands in the bucket where
 * the register is next read.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly pool: Pool,
    private readonly config: GridConfig,
  ) {}

  async usage(meterNum: number, from: Date, to: Date, granularity: Granularity): Promise<UsageBucket[]> {
    const { rows } = await this.pool.query<{ start: Date; kwh: number | null }>(
      `WITH bounds AS (SELECT date_trunc($4, $2::timestamptz, $5) AS lo, $3::timestamptz AS hi),
       before AS (
         SELECT h.energy_max FROM meter_hourly h, bounds
         WHERE h.meter_num = $1 AND h.hour < bounds.lo AND h.energy_max IS NOT NULL ORDER BY h.hour DESC LIMIT 1),
       buckets AS (
         SELECT date_trunc($4, h.hour, $5) AS start, max(h.energy_max) AS e_end, min(h.energy_min) AS e_first
         FROM meter_hourly h, bounds
         WHERE h.meter_num = $1 AND h.hour >= bounds.lo AND h.hour < bounds.hi AND h.energy_max IS NOT NULL
         GROUP BY 1)
       SELECT start, e_end - coalesce(lag(e_end) OVER (ORDER BY start), (SELECT energy_max FROM before), e_first) AS kwh
       FROM buckets ORDER BY start`,
      [meterNum, from, to, granularity, this.config.GRID_TIMEZONE],
    );
    return rows.map((r) => ({ start: r.start.toISOString(), kwh: round3(r.kwh ?? 0) }));
  }

  async readings(meterNum: number, from: Date, to: Date, limit: number): Promise<ReadingView[]> {
    const { rows } = await this.pool.query<ReadingRecord>(
      `SELECT ts, energy_kwh, voltage_a, voltage_b, voltage_c, current_a, current_b, current_c, power_kw, power_factor, frequency_hz
       FROM readings WHERE meter_num = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4`,
      [meterNum, from, to, limit],
    );
    return rows.map((r) => ({
      ts: r.ts.toISOString(),
      energyKwh: r.energy_kwh,
      voltageV: phases(r.voltage_a, r.voltage_b, r.voltage_c),
      currentA: phases(r.current_a, r.current_b, r.current_c),
      powerKw: r.power_kw,
      powerFactor: r.power_factor,
      frequencyHz: r.frequency_hz,
    }));
  }
}

interface ReadingRecord {
  ts: Date;
  energy_kwh: number | null;
  voltage_a: number | null;
  voltage_b: number | null;
  voltage_c: number | null;
  current_a: number | null;
  current_b: number | null;
  current_c: number | null;
  power_kw: number | null;
  power_factor: number | null;
  frequency_hz: number | null;
}

function phases(a: number | null, b: number | null, c: number | null): number | (number | null)[] | null {
  return b === null && c === null ? a : [a, b, c];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
