import type { Pool } from 'pg';
import type { IncidentEvidence, IncidentKind, IncidentScope } from '@gridcell/contracts';
import type { DetectorEngine, MeterEventType } from '../engine/detector.engine';
import { OpenIncident, type OutEvidence, type RestoreEvidence } from '../engine/open-incident';

/** Readings this recent tell who was heard from before the restart. */
const READINGS_WINDOW = '2 hours';
/** Events received up to this long before the checkpoint are replayed too (the engine drops repeats). */
const REPLAY_MARGIN_MS = 5_000;

/**
 * Rebuilds the detector's memory after a restart, from the database alone: the incidents left
 * open (with their meters), who was last heard from, and every device event and concentrator state
 * received since the last checkpoint, replayed in arrival order. Nothing is lost (ingest stored
 * what arrived while the detector was away) and nothing is opened twice (the engine recognises
 * meters already in an incident).
 */
export async function recover(
  pool: Pool,
  engine: DetectorEngine,
  checkpoint: number | null,
): Promise<RecoveryStats> {
  const index = engine.index;
  const incidents = await openIncidents(pool, index.meterIndex, index.areaIndex, index.meterArea);
  for (const incident of incidents) engine.adopt(incident);

  const readings = await pool.query<{ id: string; ts: Date; energy_kwh: number | null }>(
    `SELECT DISTINCT ON (r.meter_num) m.id, r.ts, r.energy_kwh FROM readings r JOIN meters m ON m.num = r.meter_num
     WHERE r.ts > now() - interval '${READINGS_WINDOW}' ORDER BY r.meter_num, r.ts DESC`,
  );
  for (const r of readings.rows) {
    const m = index.meterIndex.get(r.id);
    if (m !== undefined)
      engine.reading(m, { ts: r.ts.getTime(), energyKwh: r.energy_kwh, voltage: [] }, r.ts.getTime(), true);
  }

  const since = new Date((checkpoint ?? Date.now() - 30 * 60_000) - REPLAY_MARGIN_MS);
  // Meters that came back since then: a replayed last gasp or power_up from before is old news.
  const back = await pool.query<{ meter_id: string; restored_at: Date }>(
    `SELECT meter_id, max(restored_at) AS restored_at FROM incident_meters WHERE restored_at > $1 GROUP BY meter_id`,
    [since],
  );
  for (const r of back.rows) {
    const m = index.meterIndex.get(r.meter_id);
    if (m !== undefined)
      engine.state.lastPowerUp[m] = Math.max(engine.state.lastPowerUp[m] || 0, r.restored_at.getTime());
  }
  const replay = await pool.query<{
    kind: 'event' | 'status';
    id: string;
    ts: Date;
    type: string;
    phase: 'A' | 'B' | 'C' | null;
    received_at: Date;
  }>(
    `SELECT 'event' AS kind, m.id, e.ts, e.type, e.phase, e.received_at FROM meter_events e JOIN meters m ON m.num = e.meter_num
     WHERE e.received_at > $1
     UNION ALL
     SELECT 'status', g.gateway_id, g.ts, g.state, NULL, g.received_at FROM gateway_status g WHERE g.received_at > $1
     ORDER BY received_at, ts`,
    [since],
  );
  for (const row of replay.rows) {
    const rx = row.received_at.getTime();
    if (row.kind === 'status') {
      engine.gatewayStatus(row.id, row.type as 'online' | 'offline' | 'power_down', row.ts.getTime(), rx);
    } else {
      const m = index.meterIndex.get(row.id);
      if (m !== undefined) engine.meterEvent(m, row.type as MeterEventType, row.ts.getTime(), rx, row.phase);
    }
  }
  return { incidents: incidents.length, readings: readings.rows.length, replayed: replay.rows.length };
}

export interface RecoveryStats {
  incidents: number;
  readings: number;
  replayed: number;
}

async function openIncidents(
  pool: Pool,
  meterIndex: Map<string, number>,
  areaIndex: Map<string, number>,
  meterArea: Int32Array,
): Promise<OpenIncident[]> {
  const { rows } = await pool.query<{
    id: string;
    kind: IncidentKind;
    scope: IncidentScope;
    asset_id: string;
    started_at: Date;
    detected_at: Date;
    parent_id: string | null;
    evidence: IncidentEvidence;
  }>(
    `SELECT id, kind, scope, asset_id, started_at, detected_at, parent_id, evidence FROM incidents WHERE status = 'open'`,
  );
  if (!rows.length) return [];
  const meters = await pool.query<{
    incident_id: string;
    meter_id: string;
    out_at: Date | null;
    restored_at: Date | null;
    restored_by: RestoreEvidence | null;
  }>(
    `SELECT incident_id, meter_id, out_at, restored_at, restored_by FROM incident_meters WHERE incident_id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  );
  const byId = new Map(
    rows.map((r) => {
      const incident = new OpenIncident({
        id: r.id,
        kind: r.kind,
        scope: r.scope,
        assetId: r.asset_id,
        startedAt: r.started_at.getTime(),
        detectedAt: r.detected_at.getTime(),
      });
      incident.parentId = r.parent_id;
      Object.assign(incident.evidence, {
        lastGasps: r.evidence.lastGasps,
        silent: r.evidence.silent,
        pingsSent: r.evidence.pingsSent,
        pingsAnswered: r.evidence.pingsAnswered,
        pingsUnanswered: r.evidence.pingsUnanswered,
        minV: r.evidence.voltage?.minV ?? null,
        maxV: r.evidence.voltage?.maxV ?? null,
        phase: r.evidence.voltage?.phase ?? null,
      });
      const area = areaIndex.get(r.asset_id);
      if (area !== undefined) incident.areas.add(area);
      return [r.id, incident] as const;
    }),
  );
  for (const row of meters.rows) {
    const incident = byId.get(row.incident_id);
    const m = meterIndex.get(row.meter_id);
    if (!incident || m === undefined) continue;
    incident.meters.set(m, {
      outAt: row.out_at?.getTime() ?? null,
      outBy: 'area' satisfies OutEvidence,
      restoredAt: row.restored_at?.getTime() ?? null,
      restoredBy: row.restored_by,
    });
    if (meterArea[m] >= 0) {
      incident.areas.add(meterArea[m]);
      if (row.restored_at) incident.firstRestoreAt.set(meterArea[m], Date.now());
    }
  }
  for (const incident of byId.values()) incident.dirtyMeters.clear();
  return [...byId.values()];
}
