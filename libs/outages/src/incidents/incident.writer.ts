import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { IncidentView, LiveEventType } from '@gridcell/contracts';
import { inTransaction } from '@gridcell/database';
import { appendEvent } from '@gridcell/events';
import type { OpenIncident } from '../engine/open-incident';
import type { IncidentChange, IncidentSink } from '../engine/ports';
import { audienceOf, incidentView, type ViewContext } from './incident.view';

/** Updates of one incident arriving within this are written (and announced) once. */
const COALESCE_MS = 200;
const RETRY_MS = [500, 1_000, 2_000, 5_000];

const EVENT: Record<IncidentChange, LiveEventType> = {
  opened: 'incident.opened',
  updated: 'incident.updated',
  restored: 'incident.restored',
  closed: 'incident.closed',
};

/**
 * Persists the engine's decisions and announces them: each change of an incident is written with
 * its meters and its domain event in one transaction, in the order the engine made them. Bursts of
 * updates (a last gasp per meter) collapse into one write; openings, restorations and closings are
 * never merged away. While the database is down the queue waits and retries.
 */
export class IncidentWriter implements IncidentSink {
  private readonly logger = new Logger(IncidentWriter.name);
  private queue: { incident: OpenIncident; change: IncidentChange }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  /** Resolves when everything queued so far is written (tests, shutdown). */
  private idle: (() => void)[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly view: () => ViewContext,
  ) {}

  changed(incident: OpenIncident, change: IncidentChange): void {
    this.queue.push({ incident, change });
    this.schedule(change === 'updated' ? COALESCE_MS : 0);
  }

  /** Waits until every change handed over so far is committed. */
  async flushed(): Promise<void> {
    if (!this.queue.length && !this.running) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(ms: number): void {
    if (this.running) return;
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.write(), ms);
  }

  private async write(): Promise<void> {
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    const saved: [OpenIncident, number[]][] = [];
    this.running = inTransaction(this.pool, (client) => this.writeBatch(client, batch, saved));
    try {
      await this.running;
      this.failures = 0;
      // Only now are those meters' rows safely stored.
      for (const [incident, meters] of saved) for (const m of meters) incident.dirtyMeters.delete(m);
    } catch (error) {
      this.queue = [...batch, ...this.queue];
      const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
      this.logger.warn(`saving incidents failed (${(error as Error).message}); retrying in ${wait} ms`);
      this.running = null;
      this.timer = setTimeout(() => void this.write(), wait);
      return;
    }
    this.running = null;
    if (this.queue.length) this.schedule(0);
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  private async writeBatch(
    client: PoolClient,
    batch: { incident: OpenIncident; change: IncidentChange }[],
    saved: [OpenIncident, number[]][],
  ): Promise<void> {
    const ctx = this.view();
    const changes = collapse(batch);
    for (const [incident, kinds] of changes) {
      const view = incidentView(incident, ctx);
      await saveIncident(client, view);
      saved.push([incident, await saveMeters(client, incident, ctx.index.meterIds)]);
      const audience = audienceOf(incident, ctx.index);
      for (const kind of kinds) await appendEvent(client, EVENT[kind], view, audience);
    }
  }
}

/**
 * Per incident, in first-seen order, the events to announce: repeated updates once, and an update
 * not at all when the same batch opens, restores or closes it (that event carries the news).
 */
function collapse(
  batch: { incident: OpenIncident; change: IncidentChange }[],
): Map<OpenIncident, IncidentChange[]> {
  const out = new Map<OpenIncident, IncidentChange[]>();
  for (const { incident, change } of batch) {
    const list = out.get(incident) ?? [];
    if (!list.includes(change)) list.push(change);
    out.set(incident, list);
  }
  for (const [incident, list] of out)
    if (list.length > 1)
      out.set(
        incident,
        list.filter((c) => c !== 'updated'),
      );
  return out;
}

async function saveIncident(client: PoolClient, v: IncidentView): Promise<void> {
  await client.query(
    `INSERT INTO incidents (id, kind, scope, asset_id, cell_id, cell_ids, feeder_id, status, started_at, detected_at,
       restored_at, closed_at, affected_meters, still_affected_meters, affected_customers, vulnerable_customers,
       confidence, evidence, parent_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, now())
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, scope = EXCLUDED.scope, asset_id = EXCLUDED.asset_id,
       cell_id = EXCLUDED.cell_id, cell_ids = EXCLUDED.cell_ids, feeder_id = EXCLUDED.feeder_id,
       status = EXCLUDED.status, started_at = EXCLUDED.started_at, restored_at = EXCLUDED.restored_at,
       closed_at = EXCLUDED.closed_at, affected_meters = EXCLUDED.affected_meters,
       still_affected_meters = EXCLUDED.still_affected_meters, affected_customers = EXCLUDED.affected_customers,
       vulnerable_customers = EXCLUDED.vulnerable_customers, confidence = EXCLUDED.confidence,
       evidence = EXCLUDED.evidence, parent_id = EXCLUDED.parent_id, updated_at = now()`,
    [
      v.id,
      v.kind,
      v.scope,
      v.assetId,
      v.cellId,
      v.cellIds,
      v.feederId,
      v.status,
      v.startedAt,
      v.detectedAt,
      v.restoredAt,
      v.closedAt,
      v.affectedMeters,
      v.stillAffectedMeters,
      v.affectedCustomers,
      v.vulnerableCustomers,
      v.confidence,
      v.evidence,
      v.parentId,
    ],
  );
}

/** The meters whose rows changed since the last save: upserted, or deleted when dropped. Returns them. */
async function saveMeters(client: PoolClient, incident: OpenIncident, meterIds: string[]): Promise<number[]> {
  const dirty = [...incident.dirtyMeters];
  if (!dirty.length) return dirty;
  const kept = dirty.filter((m) => incident.meters.has(m));
  const dropped = dirty.filter((m) => !incident.meters.has(m)).map((m) => meterIds[m]);
  if (dropped.length)
    await client.query(`DELETE FROM incident_meters WHERE incident_id = $1 AND meter_id = ANY($2::text[])`, [
      incident.id,
      dropped,
    ]);
  if (!kept.length) return dirty;
  const rows = kept.map((m) => [meterIds[m], incident.meters.get(m)!] as const);
  const at = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  await client.query(
    `INSERT INTO incident_meters (incident_id, meter_id, out_at, restored_at, restored_by)
     SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[])
     ON CONFLICT (incident_id, meter_id) DO UPDATE SET out_at = EXCLUDED.out_at,
       restored_at = EXCLUDED.restored_at, restored_by = EXCLUDED.restored_by`,
    [
      incident.id,
      rows.map(([id]) => id),
      rows.map(([, r]) => at(r.outAt)),
      rows.map(([, r]) => at(r.restoredAt)),
      rows.map(([, r]) => r.restoredBy),
    ],
  );
  return dirty;
}
