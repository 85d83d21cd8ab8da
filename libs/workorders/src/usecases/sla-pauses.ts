import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';

import type { PauseReason, WorkOrderView } from '@gridcell/contracts';
import type { Principal } from '@gridcell/identity';
import { isOpen } from '../lifecycle/work-order.lifecycle';
import { publishWorkOrder } from '../work-order.publisher';
import { appendHistory, loadOrders } from '../work-order.rows';
import { WorkOrderSteps } from './work-order-steps';

export interface PauseView {
  id: string;
  reason: PauseReason;
  note: string | null;
  requestedBy: string;
  requestedAt: string;
  approved: boolean | null;
  decidedBy: string | null;
  decidedAt: string | null;
  endedAt: string | null;
}

const supervisor = (who: Principal) => who.role === 'dispatcher' || who.role === 'administrator';

/**
 * Stop-clock (停止计时): the assignee asks with a reason from the fixed list, a supervisor (a
 * dispatcher or administrator) approves or refuses, and the clock stops from the approval until
 * the pause is ended (or the order resolved). Every step is in the history; totals show on the order.
 */
@Injectable()
export class SlaPauses {
  constructor(private readonly steps: WorkOrderSteps) {}

  async request(who: Principal, id: string, reason: PauseReason, note: string | null): Promise<PauseView> {
    return this.steps.withOrder(who, id, async (db, row) => {
      if (!(supervisor(who) || (who.role === 'staff' && row.assignee_id === who.staffId)))
        throw new ForbiddenException(
          'only the assignee, a dispatcher or an administrator may ask to stop the clock',
        );
      if (!isOpen(row.status) || row.status === 'resolved' || row.status === 'feedback_given')
        throw new ConflictException(`the clock of a ${row.status} work order is not running`);
      const busy = await db.query(
        `SELECT 1 FROM sla_pauses WHERE work_order_id = $1 AND ended_at IS NULL AND approved IS NOT FALSE`,
        [id],
      );
      if (busy.rows.length) throw new ConflictException('a stop-clock request is already pending or running');
      const { rows } = await db.query<PauseRowFull>(
        `INSERT INTO sla_pauses (work_order_id, reason, note, requested_by, requested_at) VALUES ($1, $2, $3, $4, now()) RETURNING *`,
        [id, reason, note, who.username],
      );
      await appendHistory(db, id, {
        actor: who.username,
        action: 'pause_requested',
        details: { pauseId: rows[0].id, reason, note },
      });
      return toPauseView(rows[0]);
    });
  }

  async decide(who: Principal, id: string, pauseId: string, approve: boolean): Promise<WorkOrderView> {
    if (!supervisor(who))
      throw new ForbiddenException('a dispatcher or administrator decides on stopping the clock');
    return this.change(who, id, pauseId, approve ? 'pause_approved' : 'pause_refused', async (db) => {
      const { rowCount } = await db.query(
        `UPDATE sla_pauses SET approved = $3, decided_by = $4, decided_at = now(), ended_at = CASE WHEN $3 THEN NULL ELSE now() END
         WHERE id = $2 AND work_order_id = $1 AND approved IS NULL`,
        [id, pauseId, approve, who.username],
      );
      if (!rowCount) throw new ConflictException(`stop-clock request ${pauseId} is not awaiting a decision`);
    });
  }

  async end(who: Principal, id: string, pauseId: string): Promise<WorkOrderView> {
    return this.change(who, id, pauseId, 'resumed', async (db) => {
      const { rowCount } = await db.query(
        `UPDATE sla_pauses SET ended_at = now(), ended_by = $3 WHERE id = $2 AND work_order_id = $1 AND approved AND ended_at IS NULL`,
        [id, pauseId, who.username],
      );
      if (!rowCount) throw new ConflictException(`the clock is not stopped by ${pauseId}`);
    });
  }

  async list(who: Principal, id: string): Promise<PauseView[]> {
    return this.steps.withOrder(who, id, async (db) => {
      const { rows } = await db.query<PauseRowFull>(
        `SELECT * FROM sla_pauses WHERE work_order_id = $1 ORDER BY id`,
        [id],
      );
      return rows.map(toPauseView);
    });
  }

  private async change(
    who: Principal,
    id: string,
    pauseId: string,
    action: string,
    update: (db: import('pg').PoolClient) => Promise<void>,
  ): Promise<WorkOrderView> {
    if (!/^\d{1,18}$/.test(pauseId)) throw new NotFoundException(`stop-clock request ${pauseId} not found`);
    return this.steps.withOrder(who, id, async (db, row) => {
      if (who.role === 'customer' || (who.role === 'staff' && row.assignee_id !== who.staffId))
        throw new ForbiddenException('only the assignee, a dispatcher or an administrator may do this');
      await update(db);
      await appendHistory(db, id, { actor: who.username, action, details: { pauseId } });
      const [{ view }] = await loadOrders(db, 'w.id = $1', [id]);
      await publishWorkOrder(db, view, 'updated');
      return view;
    });
  }
}

interface PauseRowFull {
  id: string;
  reason: PauseReason;
  note: string | null;
  requested_by: string;
  requested_at: Date;
  approved: boolean | null;
  decided_by: string | null;
  decided_at: Date | null;
  ended_at: Date | null;
}

function toPauseView(r: PauseRowFull): PauseView {
  return {
    id: String(r.id),
    reason: r.reason,
    note: r.note,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    approved: r.approved,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
  };
}
