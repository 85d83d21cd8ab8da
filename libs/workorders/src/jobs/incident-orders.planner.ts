import { Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { IncidentKind, IncidentScope, WorkOrderType } from '@gridcell/contracts';
import { GridConfig } from '@gridcell/config';
import { inTransaction } from '@gridcell/database';
import { NotificationService } from '@gridcell/notifications';
import { priorityOf } from '../priority/priority.rules';
import { CreateWorkOrder } from '../usecases/create-work-order';
import { publishWorkOrder } from '../work-order.publisher';
import { appendHistory, loadOrders } from '../work-order.rows';

const ORDER_TYPE: Partial<Record<IncidentKind, WorkOrderType>> = {
  outage: 'outage_repair',
  voltage: 'voltage_quality',
  communication: 'communication_fault',
};

interface IncidentRow {
  id: string;
  kind: IncidentKind;
  scope: IncidentScope;
  asset_id: string;
  cell_id: string | null;
  status: string;
  affected_customers: number;
  vulnerable_customers: number;
  restored_at: Date | null;
  evidence: { summary: string };
  updated_at: Date;
}

const WORDS: Record<IncidentKind, string> = {
  outage: 'Outage',
  momentary: 'Momentary interruption',
  communication: 'Communication loss',
  voltage: 'Voltage out of band',
};

/**
 * Turns incidents into work: one repair order per outage or voltage incident (a communication
 * incident gets a low-priority communication-fault order), created once the incident has outlasted
 * the momentary limit — a momentary interruption dispatches nobody. A fault report that came
 * first already opened the order: the incident joins it. Later evidence updates the order (its
 * priority, its history), never duplicates it. Idempotent: safe to run from several instances.
 */
@Injectable()
export class IncidentOrdersPlanner {
  constructor(
    private readonly pool: Pool,
    private readonly create: CreateWorkOrder,
    private readonly notifications: NotificationService,
    private readonly config: GridConfig,
  ) {}

  /**
   * One pass. Each incident is handled in a transaction of its own, after its assignment was
   * decided outside it (a transaction never waits on another connection).
   */
  async plan(): Promise<(() => void)[]> {
    const after: (() => void)[] = [];
    const { rows: due } = await this.pool.query<IncidentRow>(
      `SELECT i.* FROM incidents i
       WHERE i.kind IN ('outage', 'voltage', 'communication') AND i.status IN ('open', 'restored')
         AND i.detected_at > now() - interval '7 days'
         AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.incident_id = i.id)
         AND (i.kind <> 'outage' OR i.status = 'restored' OR i.started_at <= now() - make_interval(secs => $1))
       ORDER BY i.detected_at LIMIT 100`,
      [this.config.OUTAGE_MOMENTARY_MAX_S],
    );
    for (const incident of due) after.push(...(await this.orderFor(incident)));
    after.push(...(await inTransaction(this.pool, (db) => this.follow(db))));
    return after;
  }

  private async orderFor(i: IncidentRow): Promise<(() => void)[]> {
    const type = ORDER_TYPE[i.kind]!;
    // A customer's report on one of its meters may have opened the order before detection did.
    const { rows: reported } = await this.pool.query<{ id: string }>(
      `SELECT w.id FROM work_orders w JOIN incident_meters im ON im.meter_id = w.meter_id AND im.incident_id = $1
       WHERE w.incident_id IS NULL AND w.type = $2 AND w.status NOT IN ('closed', 'cancelled')
         AND w.created_at > now() - interval '12 hours'
       ORDER BY w.created_at LIMIT 1`,
      [i.id, type],
    );
    const title = `${WORDS[i.kind]}: ${i.scope} ${i.asset_id} (${i.affected_customers} customer${i.affected_customers === 1 ? '' : 's'})`;
    const prepared = reported.length
      ? null
      : await this.create.prepare({
          type,
          title,
          description: i.evidence.summary,
          cellId: i.cell_id,
          incidentId: i.id,
          createdBy: 'detector',
          affectedCustomers: i.affected_customers,
          vulnerableCustomers: i.vulnerable_customers,
          scope: i.scope,
        });
    return inTransaction(this.pool, async (db) => {
      // Claimed for this pass; another instance (or an earlier pass) may have ordered it meanwhile.
      const claim = await db.query(
        `SELECT 1 FROM incidents i WHERE i.id = $1 AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.incident_id = i.id)
       FOR UPDATE SKIP LOCKED`,
        [i.id],
      );
      if (!claim.rows.length) return [];
      let orderId: string;
      const after: (() => void)[] = [];
      if (!prepared) {
        orderId = reported[0].id;
        const p = priorityOf({
          type,
          affectedCustomers: i.affected_customers,
          vulnerableCustomers: i.vulnerable_customers,
          scope: i.scope,
        });
        await db.query(
          `UPDATE work_orders SET incident_id = $2, title = $3, priority = LEAST(priority, $4), priority_reason = $5,
           incident_synced_at = $6, power_restored_at = $7, updated_at = now() WHERE id = $1`,
          [orderId, i.id, title, p.priority, p.reason, i.updated_at, i.restored_at],
        );
        await appendHistory(db, orderId, {
          actor: 'detector',
          action: 'incident_joined',
          details: { incidentId: i.id, evidence: i.evidence.summary },
        });
        const [{ view }] = await loadOrders(db, 'w.id = $1', [orderId]);
        await publishWorkOrder(db, view, 'updated');
      } else {
        const created = await this.create.insert(db, prepared);
        orderId = created.view.id;
        after.push(...created.after);
        await db.query(
          `UPDATE work_orders SET incident_synced_at = $2, power_restored_at = $3 WHERE id = $1`,
          [orderId, i.updated_at, i.restored_at],
        );
      }
      await db.query(
        `UPDATE fault_reports f SET incident_id = $1, work_order_id = $2
       FROM incident_meters im WHERE im.incident_id = $1 AND im.meter_id = f.meter_id
         AND (f.incident_id IS NULL OR f.incident_id = $1) AND f.work_order_id IS NULL
         AND f.created_at > now() - interval '12 hours'`,
        [i.id, orderId],
      );
      return after;
    });
  }

  /** Orders whose incident changed since they last looked: priority, restoration, the reporters told. */
  private async follow(db: PoolClient): Promise<(() => void)[]> {
    const { rows } = await db.query<IncidentRow & { order_id: string; power_restored_at: Date | null }>(
      `SELECT i.*, w.id AS order_id, w.power_restored_at FROM work_orders w JOIN incidents i ON i.id = w.incident_id
       WHERE i.updated_at > coalesce(w.incident_synced_at, '-infinity') ORDER BY i.updated_at LIMIT 200 FOR UPDATE OF w SKIP LOCKED`,
    );
    const after: (() => void)[] = [];
    for (const i of rows) {
      const type = ORDER_TYPE[i.kind] ?? 'outage_repair';
      const p = priorityOf({
        type,
        affectedCustomers: i.affected_customers,
        vulnerableCustomers: i.vulnerable_customers,
        scope: i.scope,
      });
      const restoredNow = i.restored_at !== null && i.power_restored_at === null;
      await db.query(
        `UPDATE work_orders SET priority = LEAST(priority, $2), priority_reason = CASE WHEN $2 < priority THEN $3 ELSE priority_reason END,
           incident_synced_at = $4, power_restored_at = coalesce(power_restored_at, $5), updated_at = now() WHERE id = $1`,
        [i.order_id, p.priority, p.reason, i.updated_at, i.restored_at],
      );
      await appendHistory(db, i.order_id, {
        actor: 'detector',
        action: restoredNow ? 'incident_restored' : 'incident_updated',
        details: {
          incidentId: i.id,
          status: i.status,
          scope: i.scope,
          evidence: i.evidence.summary,
          restoredAt: i.restored_at,
        },
      });
      const [{ view }] = await loadOrders(db, 'w.id = $1', [i.order_id]);
      await publishWorkOrder(db, view, 'updated');
      if (restoredNow) after.push(...(await this.tellReporters(db, i.order_id, i.restored_at!)));
    }
    return after;
  }

  private async tellReporters(db: PoolClient, orderId: string, at: Date): Promise<(() => void)[]> {
    const { rows } = await db.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM fault_reports WHERE work_order_id = $1 AND customer_id IS NOT NULL`,
      [orderId],
    );
    const out: (() => void)[] = [];
    for (const r of rows)
      out.push(
        await this.notifications.notify(
          db,
          { customerId: r.customer_id },
          {
            kind: 'incident.restored',
            text: `Power is back since ${at.toISOString()}. Thank you for your report.`,
            workOrderId: orderId,
          },
        ),
      );
    return out;
  }
}
