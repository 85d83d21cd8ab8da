import { Injectable, NotFoundException } from '@nestjs/common';
import { Pool } from 'pg';
import type { WorkOrderHistoryEntry, WorkOrderStatus, WorkOrderView } from '@gridcell/contracts';
import { AccessPolicy, type AccessScope } from '@gridcell/grid';
import type { Principal } from '@gridcell/identity';
import { withClient } from '@gridcell/database';
import { loadOrders, toHistoryEntry } from './work-order.rows';

export interface WorkOrderFilter {
  status?: WorkOrderStatus | 'open';
  incidentId?: string;
  cellId?: string;
  type?: string;
  assigneeId?: string;
  sla?: string;
  limit: number;
}

/**
 * Who may see a work order: dispatchers and administrators all; staff those of cells they may read
 * and those assigned to them; customers their own requests, those they reported into, and those
 * repairing an incident at their meter.
 */
export function visibleOrders(scope: AccessScope, first: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'cells':
      return {
        sql: `(w.cell_id = ANY($${first}::text[]) OR w.assignee_id = $${first + 1})`,
        params: [scope.read, scope.staffId],
      };
    case 'customer':
      return {
        sql: `(w.customer_id = $${first}
          OR EXISTS (SELECT 1 FROM fault_reports f WHERE f.work_order_id = w.id AND f.customer_id = $${first})
          OR EXISTS (SELECT 1 FROM incident_meters im JOIN meters m ON m.id = im.meter_id
                     WHERE im.incident_id = w.incident_id AND m.customer_id = $${first}))`,
        params: [scope.customerId],
      };
  }
}

@Injectable()
export class WorkOrderQueries {
  constructor(
    private readonly pool: Pool,
    private readonly policy: AccessPolicy,
  ) {}

  async list(who: Principal, f: WorkOrderFilter): Promise<WorkOrderView[]> {
    const v = visibleOrders(await this.policy.scopeOf(who), 7);
    return withClient(this.pool, async (db) => {
      const found = await loadOrders(
        db,
        `($1::text IS NULL OR w.status = $1 OR ($1 = 'open' AND w.status NOT IN ('closed', 'cancelled')))
         AND ($2::uuid IS NULL OR w.incident_id = $2) AND ($3::text IS NULL OR w.cell_id = $3)
         AND ($4::text IS NULL OR w.type = $4) AND ($5::text IS NULL OR w.assignee_id = $5) AND ${v.sql}
         ORDER BY w.priority, w.created_at DESC LIMIT $6`,
        [
          f.status ?? null,
          f.incidentId ?? null,
          f.cellId ?? null,
          f.type ?? null,
          f.assigneeId ?? null,
          f.limit,
          ...v.params,
        ],
      );
      return found.map((x) => x.view).filter((view) => !f.sla || view.sla === f.sla);
    });
  }

  async one(who: Principal, id: string): Promise<WorkOrderView> {
    const v = visibleOrders(await this.policy.scopeOf(who), 2);
    const [found] = await withClient(this.pool, (db) =>
      loadOrders(db, `w.id = $1 AND ${v.sql}`, [id, ...v.params]),
    );
    if (!found) throw new NotFoundException(`work order "${id}" not found`);
    return found.view;
  }

  /** The case's history, for those who work it (customers see the order and its answer, not the ledger). */
  async history(who: Principal, id: string): Promise<WorkOrderHistoryEntry[]> {
    await this.one(who, id);
    const { rows } = await this.pool.query<Parameters<typeof toHistoryEntry>[0]>(
      `SELECT * FROM work_order_history WHERE work_order_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map(toHistoryEntry);
  }
}
