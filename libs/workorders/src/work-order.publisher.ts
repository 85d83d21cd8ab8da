import type { PoolClient } from 'pg';
import type { WorkOrderView } from '@gridcell/contracts';
import { appendEvent } from '@gridcell/events';

/**
 * Announces a work order's change on the live channel, in the transaction that made it: to its
 * cell's staff, its customer, and the customers whose fault reports it carries.
 */
export async function publishWorkOrder(
  db: PoolClient,
  view: WorkOrderView,
  change: 'created' | 'updated',
): Promise<void> {
  const { rows } = await db.query<{ customer_id: string }>(
    `SELECT DISTINCT customer_id FROM fault_reports WHERE work_order_id = $1 AND customer_id IS NOT NULL`,
    [view.id],
  );
  const customers = new Set(rows.map((r) => r.customer_id));
  if (view.customerId) customers.add(view.customerId);
  await appendEvent(db, change === 'created' ? 'workorder.created' : 'workorder.updated', view, {
    cells: view.cellId ? [view.cellId] : [],
    customers: [...customers],
  });
}
