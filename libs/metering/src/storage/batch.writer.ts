import { Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DATABASE_ENGINE, inTransaction, type DatabaseEngine } from '@gridcell/database';
import { encodeReadingsCopy } from './copy-binary.encoder';
import { HOUR_MS, METER_BLOCK_BITS, rollupHour, type ReadingRow, type StoredBatch } from './stored-batch';

const READING_COLUMNS =
  'meter_num, ts, energy_kwh, voltage_a, voltage_b, voltage_c, current_a, current_b, current_c, power_kw, power_factor, frequency_hz';
const UNIQUE_VIOLATION = '23505';

/**
 * Writes one group commit — readings, events, gateway statuses, quarantined input and rollup
 * invalidations — in a single transaction. Readings go by binary COPY where the engine allows (fastest),
 * falling back to an idempotent INSERT … ON CONFLICT DO NOTHING when the batch re-delivers rows
 * already stored; PGlite always takes the INSERT path.
 */
@Injectable()
export class BatchWriter {
  constructor(
    private readonly pool: Pool,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngine,
  ) {}

  async commit(batch: StoredBatch): Promise<void> {
    const optimistic = this.engine.copy && batch.readings.length > 0;
    try {
      await inTransaction(this.pool, (client) => write(client, batch, optimistic));
    } catch (error) {
      if (!optimistic || (error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await inTransaction(this.pool, (client) => write(client, batch, false));
    }
  }
}

async function write(client: PoolClient, batch: StoredBatch, copy: boolean): Promise<void> {
  if (batch.readings.length) {
    await (copy ? copyReadings(client, batch.readings) : insertReadings(client, batch.readings));
    await markDirty(client, batch.readings);
  }
  if (batch.events.length) await insertEvents(client, batch);
  if (batch.statuses.length) await insertStatuses(client, batch);
  if (batch.quarantine.length) await insertQuarantine(client, batch);
}

async function copyReadings(client: PoolClient, rows: ReadingRow[]): Promise<void> {
  const stream = client.query(copyFrom(`COPY readings (${READING_COLUMNS}) FROM STDIN (FORMAT binary)`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  stream.end(encodeReadingsCopy(rows));
  await done;
}

async function insertReadings(client: PoolClient, rows: ReadingRow[]): Promise<void> {
  const col = <T>(pick: (r: ReadingRow) => T) => rows.map(pick);
  await client.query(
    `INSERT INTO readings (${READING_COLUMNS})
     SELECT m, to_timestamp(t / 1000.0), e, va, vb, vc, ca, cb, cc, p, pf, f
     FROM unnest($1::int[], $2::float8[], $3::float8[], $4::real[], $5::real[], $6::real[], $7::real[], $8::real[],
                 $9::real[], $10::real[], $11::real[], $12::real[]) AS u(m, t, e, va, vb, vc, ca, cb, cc, p, pf, f)
     ON CONFLICT ON CONSTRAINT readings_pkey DO NOTHING`,
    [
      col((r) => r.meterNum),
      col((r) => r.ts),
      col((r) => r.energyKwh),
      col((r) => r.voltage[0]),
      col((r) => r.voltage[1]),
      col((r) => r.voltage[2]),
      col((r) => r.current[0]),
      col((r) => r.current[1]),
      col((r) => r.current[2]),
      col((r) => r.powerKw),
      col((r) => r.powerFactor),
      col((r) => r.frequencyHz),
    ],
  );
}

/** Distinct (hour, meter block) cells as one number each: hour index × 2^22 + block. */
const BLOCK_SPAN = 2 ** 22;

async function markDirty(client: PoolClient, rows: ReadingRow[]): Promise<void> {
  const cells = new Set<number>();
  let last = -1;
  for (const r of rows) {
    const cell = (rollupHour(r.ts) / HOUR_MS) * BLOCK_SPAN + (r.meterNum >> METER_BLOCK_BITS);
    // Batches come in runs of the same cell (a concentrator's meters, one interval).
    if (cell !== last) cells.add((last = cell));
  }
  const hours: number[] = [];
  const blocks: number[] = [];
  for (const cell of cells) {
    const block = cell % BLOCK_SPAN;
    hours.push(((cell - block) / BLOCK_SPAN) * HOUR_MS);
    blocks.push(block);
  }
  await client.query(
    `INSERT INTO rollup_dirty (hour, meter_block) SELECT to_timestamp(h / 1000.0), b FROM unnest($1::float8[], $2::int[]) AS u(h, b)`,
    [hours, blocks],
  );
}

async function insertEvents(client: PoolClient, { events }: StoredBatch): Promise<void> {
  await client.query(
    `INSERT INTO meter_events (meter_num, ts, type, phase)
     SELECT m, to_timestamp(t / 1000.0), ty, ph FROM unnest($1::int[], $2::float8[], $3::text[], $4::text[]) AS u(m, t, ty, ph)
     ON CONFLICT ON CONSTRAINT meter_events_pkey DO NOTHING`,
    [
      events.map((e) => e.meterNum),
      events.map((e) => e.ts),
      events.map((e) => e.type),
      events.map((e) => e.phase),
    ],
  );
}

async function insertStatuses(client: PoolClient, { statuses }: StoredBatch): Promise<void> {
  await client.query(
    `INSERT INTO gateway_status (gateway_id, ts, state)
     SELECT g, to_timestamp(t / 1000.0), s FROM unnest($1::text[], $2::float8[], $3::text[]) AS u(g, t, s)
     ON CONFLICT ON CONSTRAINT gateway_status_pkey DO NOTHING`,
    [statuses.map((s) => s.gatewayId), statuses.map((s) => s.ts), statuses.map((s) => s.state)],
  );
}

async function insertQuarantine(client: PoolClient, { quarantine }: StoredBatch): Promise<void> {
  await client.query(
    `INSERT INTO quarantine (received_at, topic, payload, payload_bytes, reason)
     SELECT to_timestamp(r / 1000.0), t, p, n, why FROM unnest($1::float8[], $2::text[], $3::bytea[], $4::int[], $5::text[]) AS u(r, t, p, n, why)`,
    [
      quarantine.map((q) => q.receivedAt),
      quarantine.map((q) => q.topic),
      quarantine.map((q) => q.payload),
      quarantine.map((q) => q.payloadBytes),
      quarantine.map((q) => q.reason),
    ],
  );
}
