import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { NotificationService } from '@gridcell/notifications';
import { publishWorkOrder } from '../work-order.publisher';
import { appendHistory, loadOrders, type WorkOrderRow } from '../work-order.rows';

/** No warning lead is longer than this (see warningLead): orders further from their deadlines are skipped. */
const MAX_LEAD = '2 hours';

/**
 * Watches the clocks: an order nearing its deadline is flagged at risk (its assignee warned), an
 * order past it is escalated (the assignee and the cell's primary told; dispatchers see the live
 * event), each once, in the history. Only orders within reach of a deadline are read — pauses move
 * deadlines later, never earlier, so the others cannot be at risk. Safe from several instances.
 */
@Injectable()
export class SlaSweeper {
  constructor(private readonly notifications: NotificationService) {}

  async sweep(db: PoolClient, now = Date.now()): Promise<(() => void)[]> {
    const candidates = await loadOrders(
      db,
      `w.status NOT IN ('closed', 'cancelled', 'resolved', 'feedback_given') AND w.escalated_at IS NULL
       AND least(w.respond_due_at, coalesce(w.resolve_due_at, w.respond_due_at)) < now() + interval '${MAX_LEAD}'
       ORDER BY w.respond_due_at LIMIT 500 FOR UPDATE OF w SKIP LOCKED`,
      [],
      { now },
    );
    const after: (() => void)[] = [];
    for (const { row, view, sla } of candidates) {
      if (sla.state === 'at_risk' && row.at_risk_at === null) {
        await db.query(`UPDATE work_orders SET at_risk_at = now(), updated_at = now() WHERE id = $1`, [
          row.id,
        ]);
        await appendHistory(db, row.id, { actor: 'sla', action: 'at_risk', details: { dueAt: view.dueAt } });
        after.push(
          ...(await this.tell(db, row, [row.assignee_id], `At risk: "${row.title}" is due by ${view.dueAt}`)),
        );
      } else if (sla.state === 'overdue') {
        await db.query(
          `UPDATE work_orders SET escalated_at = now(), at_risk_at = coalesce(at_risk_at, now()), updated_at = now() WHERE id = $1`,
          [row.id],
        );
        await appendHistory(db, row.id, {
          actor: 'sla',
          action: 'escalated',
          details: { dueAt: view.dueAt, to: 'dispatcher' },
        });
        const primary = row.cell_id
          ? (
              await db.query<{ staff_id: string }>(
                `SELECT staff_id FROM staff_cells WHERE cell_id = $1 AND role = 'primary'`,
                [row.cell_id],
              )
            ).rows[0]?.staff_id
          : undefined;
        after.push(
          ...(await this.tell(
            db,
            row,
            [row.assignee_id, primary ?? null],
            `Overdue since ${view.dueAt}: "${row.title}"`,
          )),
        );
      } else {
        continue;
      }
      const [{ view: changed }] = await loadOrders(db, 'w.id = $1', [row.id], { now });
      await publishWorkOrder(db, changed, 'updated');
    }
    return after;
  }

  private async tell(
    db: PoolClient,
    row: WorkOrderRow,
    staff: (string | null)[],
    text: string,
  ): Promise<(() => void)[]> {
    const out: (() => void)[] = [];
    for (const staffId of new Set(staff.filter((s): s is string => s !== null)))
      out.push(
        await this.notifications.notify(
          db,
          { staffId },
          {
            kind: 'workorder.sla',
            text,
            workOrderId: row.id,
            cells: row.cell_id ? [row.cell_id] : [],
          },
        ),
      );
    return out;
  }
}
