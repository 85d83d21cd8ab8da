import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { WorkOrderView } from '@gridcell/contracts';
import { inTransaction } from '@gridcell/database';
import { AccessPolicy, type AccessScope } from '@gridcell/grid';
import type { Principal } from '@gridcell/identity';
import { NotificationService } from '@gridcell/notifications';
import { FIELD_STEPS, InvalidTransition, nextStatus, type Step } from '../lifecycle/work-order.lifecycle';
import { addSpan } from '../sla/sla.clock';
import { SlaSettings } from '../sla/sla.settings';
import { publishWorkOrder } from '../work-order.publisher';
import { visibleOrders } from '../work-order.queries';
import { appendHistory, loadOrders, type WorkOrderRow } from '../work-order.rows';

export interface StepInput {
  step: Step;
  note?: string;
  /** Where a field step was taken. */
  lat?: number;
  lon?: number;
  /** `assign`: who takes it over. */
  assigneeId?: string;
  /** `cancel`: why. */
  reason?: string;
}

/** Work types whose first clock is a crew on site; the others' is a first answer to the customer. */
const FIELD_TYPES = new Set([
  'outage_repair',
  'voltage_quality',
  'meter_fault',
  'communication_fault',
  'scheduled_inspection',
]);

/**
 * Moves work orders through their lifecycle: each step validated (409 when out of order), taken
 * only by whom it belongs to, recorded in the history with who, when and (field steps) where, and
 * announced live. Also the answer a customer sees, and the system's own steps (reopen, escalate).
 */
@Injectable()
export class WorkOrderSteps {
  constructor(
    private readonly pool: Pool,
    private readonly policy: AccessPolicy,
    private readonly sla: SlaSettings,
    private readonly notifications: NotificationService,
  ) {}

  async step(who: Principal, id: string, input: StepInput): Promise<WorkOrderView> {
    if (FIELD_STEPS.has(input.step) && (input.lat === undefined) !== (input.lon === undefined))
      throw new BadRequestException('lat and lon go together');
    if (input.step === 'cancel' && !input.reason)
      throw new BadRequestException('a cancellation needs a reason');
    if (input.step === 'assign' && !input.assigneeId)
      throw new BadRequestException('assign needs an assigneeId');
    return this.withOrder(who, id, (db, row, after, scope) => {
      mayTake(who, scope, row, input);
      return this.apply(db, row, input, who.username, after);
    });
  }

  /**
   * Runs `work` on the order in one transaction, the order locked and visible to the caller (404
   * otherwise); what `work` puts in `after` (notifications to other channels) runs after commit.
   * The caller's scope is read first: a transaction never waits on another connection.
   */
  async withOrder<T>(
    who: Principal,
    id: string,
    work: (db: PoolClient, row: WorkOrderRow, after: (() => void)[], scope: AccessScope) => Promise<T>,
  ): Promise<T> {
    const scope = await this.policy.scopeOf(who);
    const v = visibleOrders(scope, 2);
    const after: (() => void)[] = [];
    const result = await inTransaction(this.pool, async (db) => {
      const [found] = await loadOrders(db, `w.id = $1 AND ${v.sql}`, [id, ...v.params], { forUpdate: true });
      if (!found) throw new NotFoundException(`work order "${id}" not found`);
      return work(db, found.row, after, scope);
    });
    for (const deliver of after) deliver();
    return result;
  }

  /** A step taken by the platform itself (an unhappy rating reopens; no permission check). */
  async applyAsSystem(
    db: PoolClient,
    row: WorkOrderRow,
    input: StepInput,
    actor: string,
    after: (() => void)[],
  ): Promise<WorkOrderView> {
    return this.apply(db, row, input, actor, after);
  }

  async answer(who: Principal, id: string, text: string): Promise<WorkOrderView> {
    return this.withOrder(who, id, async (db, row, after) => {
      if (who.role === 'customer')
        throw new ForbiddenException('customers read answers; staff and dispatchers give them');
      if (!row.customer_id) throw new ConflictException('this work order has no customer to answer');
      if (row.status === 'cancelled' || row.status === 'closed')
        throw new ConflictException(`the work order is ${row.status}`);
      await db.query(
        `UPDATE work_orders SET answer = $2, responded_at = coalesce(responded_at, now()), updated_at = now() WHERE id = $1`,
        [id, text],
      );
      await appendHistory(db, id, { actor: who.username, action: 'answered', details: { text } });
      const [{ view }] = await loadOrders(db, 'w.id = $1', [id]);
      await publishWorkOrder(db, view, 'updated');
      after.push(
        await this.notifications.notify(
          db,
          { customerId: row.customer_id },
          {
            kind: 'workorder.answered',
            text: `Answer to "${row.title}": ${text}`,
            workOrderId: id,
          },
        ),
      );
      return view;
    });
  }

  private async apply(
    db: PoolClient,
    row: WorkOrderRow,
    input: StepInput,
    actor: string,
    after: (() => void)[],
  ): Promise<WorkOrderView> {
    let to;
    try {
      to = nextStatus(row.status, input.step);
    } catch (error) {
      if (error instanceof InvalidTransition) throw new ConflictException(error.message);
      throw error;
    }
    const now = new Date();
    const set: Record<string, unknown> = { status: to };
    const details: Record<string, unknown> = {};
    if (input.note) details.note = input.note;
    switch (input.step) {
      case 'assign': {
        const staff = await db.query<{ id: string; name: string }>(
          'SELECT id, name FROM staff WHERE id = $1',
          [input.assigneeId],
        );
        if (!staff.rows.length) throw new BadRequestException(`staff "${input.assigneeId}" not found`);
        Object.assign(set, {
          assignee_id: input.assigneeId,
          queue: 'staff',
          assignment_reason: `${row.assignee_id ? 'handed over' : 'taken'} by ${actor}${input.note ? `: ${input.note}` : ''}`,
        });
        Object.assign(details, { from: row.assignee_id, to: input.assigneeId });
        after.push(
          await this.notifications.notify(
            db,
            { staffId: input.assigneeId! },
            {
              kind: 'workorder.assigned',
              text: `Work order handed to you: ${row.title}`,
              workOrderId: row.id,
              cells: row.cell_id ? [row.cell_id] : [],
            },
          ),
        );
        break;
      }
      case 'on_site':
        if (FIELD_TYPES.has(row.type)) {
          set.responded_at = row.responded_at ?? now;
          // The second clock (power back, resolution) runs from arrival.
          const target = this.sla.target(row.type, row.area_class);
          if (target.resolve)
            set.resolve_due_at = new Date(addSpan(now.getTime(), target.resolve, this.sla.calendar));
        }
        break;
      case 'resolve':
        Object.assign(set, {
          resolved_at: now,
          resolution: input.note ?? row.resolution,
          responded_at: row.responded_at ?? now,
        });
        await endPause(db, row.id, actor);
        after.push(...(await this.askForFeedback(db, row)));
        break;
      case 'close':
        set.closed_at = now;
        break;
      case 'cancel':
        Object.assign(set, { cancel_reason: input.reason, closed_at: now });
        await endPause(db, row.id, actor);
        break;
      case 'reopen':
        Object.assign(set, { closed_at: null, resolved_at: null, escalated_at: now });
        break;
      case 'accept':
      case 'en_route':
      case 'feedback':
        break;
    }
    const columns = Object.keys(set);
    await db.query(
      `UPDATE work_orders SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [row.id, ...columns.map((c) => set[c])],
    );
    await appendHistory(db, row.id, {
      actor,
      action: input.step === 'assign' ? (row.assignee_id ? 'reassigned' : 'assigned') : input.step,
      from: row.status,
      to,
      details: input.step === 'cancel' ? { ...details, reason: input.reason } : details,
      lat: input.lat,
      lon: input.lon,
    });
    const [{ view }] = await loadOrders(db, 'w.id = $1', [row.id]);
    await publishWorkOrder(db, view, 'updated');
    return view;
  }

  /** Resolved: the customer (and everyone who reported it) is told, and asked how it went (回访). */
  private async askForFeedback(db: PoolClient, row: WorkOrderRow): Promise<(() => void)[]> {
    const { rows } = await db.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM fault_reports WHERE work_order_id = $1 AND customer_id IS NOT NULL
       UNION SELECT $2::text WHERE $2::text IS NOT NULL`,
      [row.id, row.customer_id],
    );
    const out: (() => void)[] = [];
    for (const r of rows)
      out.push(
        await this.notifications.notify(
          db,
          { customerId: r.customer_id },
          {
            kind: 'workorder.resolved',
            text: `"${row.title}" is resolved. Please tell us how we did (1-5).`,
            workOrderId: row.id,
            incidentId: row.incident_id,
          },
        ),
      );
    return out;
  }
}

/** Resolving or cancelling ends any stopped clock. */
async function endPause(db: PoolClient, workOrderId: string, actor: string): Promise<void> {
  await db.query(
    `UPDATE sla_pauses SET ended_at = now(), ended_by = $2 WHERE work_order_id = $1 AND approved AND ended_at IS NULL`,
    [workOrderId, actor],
  );
}

/** Dispatchers and administrators take any step; staff their own orders', or an unowned one of their cells to take it. */
function mayTake(who: Principal, scope: AccessScope, row: WorkOrderRow, input: StepInput): void {
  if (who.role === 'administrator' || who.role === 'dispatcher') return;
  if (who.role !== 'staff') throw new ForbiddenException('customers do not take steps on work orders');
  if (row.assignee_id === who.staffId && input.step !== 'reopen') return;
  const ownCell = scope.kind === 'cells' && row.cell_id !== null && scope.edit.includes(row.cell_id);
  if (input.step === 'assign' && row.assignee_id === null && ownCell && input.assigneeId === who.staffId)
    return;
  throw new ForbiddenException(
    row.assignee_id
      ? 'only the assignee, a dispatcher or an administrator may do this'
      : 'take the order first (assign it to yourself)',
  );
}
