import { Injectable, NotFoundException } from '@nestjs/common';
import { Pool } from 'pg';
import type { IncidentDetailView, IncidentStatus, IncidentView } from '@gridcell/contracts';
import { AccessPolicy, type AccessScope } from '@gridcell/grid';
import type { Principal } from '@gridcell/identity';

interface IncidentRow {
  id: string;
  kind: IncidentView['kind'];
  scope: IncidentView['scope'];
  asset_id: string;
  cell_id: string | null;
  cell_ids: string[];
  feeder_id: string | null;
  status: IncidentStatus;
  started_at: Date;
  detected_at: Date;
  restored_at: Date | null;
  closed_at: Date | null;
  affected_meters: number;
  still_affected_meters: number;
  affected_customers: number;
  vulnerable_customers: number;
  confidence: number;
  evidence: IncidentView['evidence'];
  parent_id: string | null;
  updated_at: Date;
  /** Joined from the work order repairing it (the service loop), when there is one. */
  work_order_id: string | null;
  assignee_id: string | null;
}

/** The incident columns and its repair order's id and assignee. */
const SELECT = `SELECT i.*, w.id AS work_order_id, w.assignee_id FROM incidents i LEFT JOIN work_orders w ON w.incident_id = i.id`;

export interface IncidentFilter {
  status: IncidentStatus | 'all';
  from?: Date;
  to?: Date;
  limit: number;
}

/** Who may see an incident: dispatchers and administrators all; staff those of cells they may read; customers those covering one of their meters. */
function visible(scope: AccessScope, first: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'cells':
      return { sql: `i.cell_ids && $${first}::text[]`, params: [scope.read] };
    case 'customer':
      return {
        sql: `EXISTS (SELECT 1 FROM incident_meters im JOIN meters m ON m.id = im.meter_id
                      WHERE im.incident_id = i.id AND m.customer_id = $${first})`,
        params: [scope.customerId],
      };
  }
}

/** Incidents as the API shows them, scoped to the caller. */
@Injectable()
export class IncidentQueries {
  constructor(
    private readonly pool: Pool,
    private readonly policy: AccessPolicy,
  ) {}

  async list(who: Principal, f: IncidentFilter): Promise<IncidentView[]> {
    const scope = visible(await this.policy.scopeOf(who), 5);
    const { rows } = await this.pool.query<IncidentRow>(
      `${SELECT}
       WHERE ($1::text = 'all' OR i.status = $1) AND ($2::timestamptz IS NULL OR i.started_at >= $2)
         AND ($3::timestamptz IS NULL OR i.started_at < $3) AND ${scope.sql}
       ORDER BY i.started_at DESC, i.id LIMIT $4`,
      [f.status, f.from ?? null, f.to ?? null, f.limit, ...scope.params],
    );
    return rows.map(toView);
  }

  async one(who: Principal, id: string): Promise<IncidentDetailView> {
    const access = await this.policy.scopeOf(who);
    const scope = visible(access, 2);
    const { rows } = await this.pool.query<IncidentRow>(`${SELECT} WHERE i.id = $1 AND ${scope.sql}`, [
      id,
      ...scope.params,
    ]);
    if (!rows.length) throw new NotFoundException(`incident "${id}" not found`);
    // A customer sees their own meters of it, not their neighbours'.
    const own = access.kind === 'customer' ? access.customerId : null;
    const meters = await this.pool.query<{
      meter_id: string;
      out_at: Date | null;
      restored_at: Date | null;
      restored_by: string | null;
    }>(
      `SELECT im.meter_id, im.out_at, im.restored_at, im.restored_by FROM incident_meters im
       LEFT JOIN meters m ON m.id = im.meter_id
       WHERE im.incident_id = $1 AND ($2::text IS NULL OR m.customer_id = $2) ORDER BY im.meter_id`,
      [id, own],
    );
    return {
      ...toView(rows[0]),
      affectedMeterIds: meters.rows.map((m) => m.meter_id),
      meters: meters.rows.map((m) => ({
        meterId: m.meter_id,
        outAt: m.out_at?.toISOString() ?? null,
        restoredAt: m.restored_at?.toISOString() ?? null,
        restoredBy: m.restored_by,
      })),
    };
  }
}

function toView(r: IncidentRow): IncidentView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    kind: r.kind,
    scope: r.scope,
    assetId: r.asset_id,
    cellId: r.cell_id,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    detectedAt: r.detected_at.toISOString(),
    restoredAt: iso(r.restored_at),
    affectedMeters: r.affected_meters,
    confidence: r.confidence,
    workOrderId: r.work_order_id,
    assigneeId: r.assignee_id,
    feederId: r.feeder_id,
    cellIds: r.cell_ids,
    closedAt: iso(r.closed_at),
    affectedCustomers: r.affected_customers,
    vulnerableCustomers: r.vulnerable_customers,
    stillAffectedMeters: r.still_affected_meters,
    parentId: r.parent_id,
    evidence: r.evidence,
    updatedAt: r.updated_at.toISOString(),
  };
}
