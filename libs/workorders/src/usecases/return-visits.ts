import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';

import type { WorkOrderView } from '@gridcell/contracts';
import type { Principal } from '@gridcell/identity';
import { NotificationService } from '@gridcell/notifications';
import { publishWorkOrder } from '../work-order.publisher';
import { appendHistory, loadOrders } from '../work-order.rows';
import { WorkOrderSteps } from './work-order-steps';

/** Ratings at or below this reopen the case and escalate it. */
export const UNHAPPY = 2;

/**
 * The return visit (回访): after resolution the customer rates the service (1-5, a comment) in the
 * portal, or staff record a phone visit with the customer's rating. It gives the feedback step;
 * an unhappy rating reopens the case to its assignee and escalates it.
 */
@Injectable()
export class ReturnVisits {
  constructor(
    private readonly steps: WorkOrderSteps,
    private readonly notifications: NotificationService,
  ) {}

  async rate(
    who: Principal,
    id: string,
    score: number,
    comment: string | null,
    channel: 'portal' | 'phone',
  ): Promise<WorkOrderView> {
    return this.steps.withOrder(who, id, async (db, row, after) => {
      if (channel === 'portal' && who.role !== 'customer')
        throw new ForbiddenException('portal ratings come from customers');
      if (channel === 'phone' && who.role === 'customer')
        throw new ForbiddenException('phone visits are recorded by staff');
      if (row.status !== 'resolved' && row.status !== 'feedback_given')
        throw new ConflictException(`a ${row.status} work order cannot be rated yet (it must be resolved)`);
      await db.query(
        `UPDATE work_orders SET rating = $2, rating_comment = $3, updated_at = now() WHERE id = $1`,
        [id, score, comment],
      );
      await appendHistory(db, id, {
        actor: who.username,
        action: 'rated',
        details: { score, comment, channel },
      });
      const rated = { ...row, rating: score };
      if (row.status === 'resolved')
        await this.steps.applyAsSystem(
          db,
          rated,
          { step: 'feedback', note: `${channel} rating ${score}` },
          who.username,
          after,
        );
      if (score <= UNHAPPY) {
        const [current] = await loadOrders(db, 'w.id = $1', [id], { forUpdate: true });
        await this.steps.applyAsSystem(
          db,
          current.row,
          { step: 'reopen', note: `unhappy rating ${score}: ${comment ?? ''}` },
          'return-visit',
          after,
        );
        await appendHistory(db, id, {
          actor: 'return-visit',
          action: 'escalated',
          details: { why: `rating ${score}` },
        });
        if (row.assignee_id)
          after.push(
            await this.notifications.notify(
              db,
              { staffId: row.assignee_id },
              {
                kind: 'workorder.reopened',
                text: `Reopened after a rating of ${score}: ${row.title}${comment ? ` — "${comment}"` : ''}`,
                workOrderId: id,
                cells: row.cell_id ? [row.cell_id] : [],
              },
            ),
          );
      }
      const [{ view }] = await loadOrders(db, 'w.id = $1', [id]);
      await publishWorkOrder(db, view, 'updated');
      return view;
    });
  }
}
