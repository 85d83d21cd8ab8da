import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { IncidentScope, WorkOrderType, WorkOrderView } from '@gridcell/contracts';
import { AssignmentService, type AssignmentDecision } from '@gridcell/grid';
import { NotificationService } from '@gridcell/notifications';
import { priorityOf } from '../priority/priority.rules';
import { addSpan } from '../sla/sla.clock';
import { SlaSettings } from '../sla/sla.settings';
import { publishWorkOrder } from '../work-order.publisher';
import { appendHistory, loadOrders } from '../work-order.rows';

export interface NewWorkOrder {
  type: WorkOrderType;
  title: string;
  description?: string | null;
  cellId?: string | null;
  incidentId?: string | null;
  customerId?: string | null;
  meterId?: string | null;
  diagnosis?: string | null;
  /** Username, or `detector` for orders opened from incidents. */
  createdBy: string;
  affectedCustomers?: number;
  vulnerableCustomers?: number;
  scope?: IncidentScope;
}

/** A work order decided but not yet written: where it is, how urgent, and who takes it. */
export interface PreparedWorkOrder {
  input: NewWorkOrder;
  now: number;
  place: Place;
  priority: { priority: number; reason: string };
  decision: AssignmentDecision;
}

interface Place {
  cellId: string | null;
  areaClass: string;
  customerId: string | null;
  vulnerable: boolean;
}

/**
 * Opens a work order: its cell (from the meter or customer when not given), priority, SLA clocks
 * by type and area class, and an owner by the A/B assignment rule (or the dispatcher queue), all
 * recorded in its history, announced live, and the assignee and the customer told. Deciding
 * ({@link prepare}) reads the territory outside the caller's transaction; writing ({@link insert})
 * happens inside it — a transaction never waits on another connection.
 */
@Injectable()
export class CreateWorkOrder {
  constructor(
    private readonly pool: Pool,
    private readonly assignment: AssignmentService,
    private readonly sla: SlaSettings,
    private readonly notifications: NotificationService,
  ) {}

  async prepare(input: NewWorkOrder, now = Date.now()): Promise<PreparedWorkOrder> {
    const place = await locate(this.pool, input);
    const priority = priorityOf({
      type: input.type,
      affectedCustomers: input.affectedCustomers ?? (input.customerId ? 1 : 0),
      vulnerableCustomers: input.vulnerableCustomers ?? (place.vulnerable ? 1 : 0),
      scope: input.scope,
    });
    const decision: AssignmentDecision = place.cellId
      ? await this.assignment.whoTakes(place.cellId, { urgent: priority.priority === 1 })
      : { kind: 'dispatcher-queue', reason: 'dispatcher queue: no cell known for this work' };
    return { input, now, place, priority, decision };
  }

  async insert(
    db: PoolClient,
    prepared: PreparedWorkOrder,
  ): Promise<{ view: WorkOrderView; after: (() => void)[] }> {
    const { input, now, place, priority, decision } = prepared;
    const target = this.sla.target(input.type, place.areaClass);
    const respondDue = addSpan(now, target.respond, this.sla.calendar);
    // Counted from arrival once there is one; until then from the arrival deadline.
    const resolveDue = target.resolve ? addSpan(respondDue, target.resolve, this.sla.calendar) : null;
    const staffId = decision.kind === 'staff' ? decision.staffId : null;
    const id = randomUUID();
    await db.query(
      `INSERT INTO work_orders (id, type, status, priority, priority_reason, title, description, cell_id, area_class,
         incident_id, customer_id, meter_id, queue, assignee_id, assignment_reason, created_by, created_at,
         respond_due_at, resolve_due_at, diagnosis)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        id,
        input.type,
        staffId ? 'assigned' : 'created',
        priority.priority,
        priority.reason,
        input.title,
        input.description ?? null,
        place.cellId,
        place.areaClass,
        input.incidentId ?? null,
        place.customerId,
        input.meterId ?? null,
        staffId ? 'staff' : 'dispatcher',
        staffId,
        decision.reason,
        input.createdBy,
        new Date(now),
        new Date(respondDue),
        resolveDue === null ? null : new Date(resolveDue),
        input.diagnosis ?? null,
      ],
    );
    await appendHistory(db, id, {
      actor: input.createdBy,
      action: 'created',
      to: 'created',
      details: {
        type: input.type,
        priority: priority.priority,
        priorityReason: priority.reason,
        incidentId: input.incidentId ?? null,
      },
    });
    await appendHistory(db, id, {
      actor: 'assignment',
      action: staffId ? 'assigned' : 'queued',
      from: 'created',
      to: staffId ? 'assigned' : 'created',
      details: { assigneeId: staffId, reason: decision.reason },
    });
    const [{ view }] = await loadOrders(db, 'w.id = $1', [id], { now });
    await publishWorkOrder(db, view, 'created');
    const after: (() => void)[] = [];
    if (staffId)
      after.push(
        await this.notifications.notify(
          db,
          { staffId },
          {
            kind: 'workorder.assigned',
            text: `New work order: ${input.title} (priority ${priority.priority}, due ${view.dueAt})`,
            workOrderId: id,
            incidentId: input.incidentId ?? null,
            cells: place.cellId ? [place.cellId] : [],
          },
        ),
      );
    if (place.customerId && input.createdBy !== 'detector')
      after.push(
        await this.notifications.notify(
          db,
          { customerId: place.customerId },
          {
            kind: 'workorder.accepted',
            text: `We have your request "${input.title}" (受理). ${staffId ? `${decision.kind === 'staff' ? decision.name : ''} will handle it` : 'A dispatcher will assign it'}; first response due by ${view.respondDueAt}.`,
            workOrderId: id,
          },
        ),
      );
    return { view, after };
  }
}

/** The cell and area class of the work, from what is given: the cell, else the meter, else the customer's meter. */
async function locate(db: Pool, input: NewWorkOrder): Promise<Place> {
  const { rows } = await db.query<{
    cell_id: string | null;
    area_class: string | null;
    customer_id: string | null;
    vulnerable: boolean | null;
  }>(
    `SELECT coalesce($1, t.cell_id) AS cell_id, c.area_class, coalesce($3, m.customer_id) AS customer_id, k.vulnerable
     FROM (SELECT 1) one
     LEFT JOIN meters m ON m.id = coalesce($2, (SELECT id FROM meters WHERE customer_id = $3 ORDER BY id LIMIT 1))
     LEFT JOIN transformers t ON t.id = m.transformer_id
     LEFT JOIN cells c ON c.id = coalesce($1, t.cell_id)
     LEFT JOIN customers k ON k.id = coalesce($3, m.customer_id)`,
    [input.cellId ?? null, input.meterId ?? null, input.customerId ?? null],
  );
  const r = rows[0];
  return {
    cellId: r?.cell_id ?? null,
    areaClass: r?.area_class ?? 'rural',
    customerId: r?.customer_id ?? null,
    vulnerable: Boolean(r?.vulnerable),
  };
}
