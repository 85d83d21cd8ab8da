import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

export interface MeterState {
  num: number;
  /** Latest stored register reading, to refuse a register that runs backwards. */
  lastTs: number;
  lastEnergy: number | null;
}

const UNKNOWN_TTL_MS = 10_000;

/**
 * Meter ids → surrogate keys and register state, loaded lazily in bulk the first time a meter is
 * seen. Unknown ids are remembered briefly so a flood of them does not hit the database per message,
 * while a meter added to the topology is picked up within seconds.
 */
@Injectable()
export class MeterRegistry {
  private readonly known = new Map<string, MeterState>();
  private readonly unknownUntil = new Map<string, number>();

  constructor(private readonly pool: Pool) {}

  get(meterId: string): MeterState | undefined {
    return this.known.get(meterId);
  }

  async resolve(meterIds: Iterable<string>, now = Date.now()): Promise<void> {
    const missing: string[] = [];
    for (const id of new Set(meterIds)) {
      if (this.known.has(id) || (this.unknownUntil.get(id) ?? 0) > now) continue;
      missing.push(id);
    }
    if (!missing.length) return;
    const { rows } = await this.pool.query<{
      id: string;
      num: number;
      ts: Date | null;
      energy_kwh: number | null;
    }>(
      `SELECT m.id, m.num, r.ts, r.energy_kwh FROM meters m
       LEFT JOIN LATERAL (SELECT ts, energy_kwh FROM readings
                          WHERE meter_num = m.num AND energy_kwh IS NOT NULL ORDER BY ts DESC LIMIT 1) r ON true
       WHERE m.id = ANY($1::text[])`,
      [missing],
    );
    for (const r of rows) {
      this.known.set(r.id, { num: r.num, lastTs: r.ts?.getTime() ?? 0, lastEnergy: r.energy_kwh });
      this.unknownUntil.delete(r.id);
    }
    for (const id of missing) if (!this.known.has(id)) this.unknownUntil.set(id, now + UNKNOWN_TTL_MS);
  }
}
