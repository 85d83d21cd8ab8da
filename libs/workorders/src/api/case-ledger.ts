import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Pool } from 'pg';
import { withClient } from '@gridcell/database';
import { loadOrders, toHistoryEntry } from '../work-order.rows';

/**
 * The case ledger (挂账销账) for administrators: every work order opened in a period with when and
 * how it was closed and whether it met its clocks, and every history entry in a period — as CSV
 * for spreadsheets, or JSON.
 */
@Injectable()
export class CaseLedger {
  constructor(private readonly pool: Pool) {}

  async orders(from: Date, to: Date) {
    const found = await withClient(this.pool, (db) =>
      loadOrders(db, 'w.created_at >= $1 AND w.created_at < $2 ORDER BY w.created_at, w.id', [from, to]),
    );
    return found.map(({ view }) => ({
      id: view.id,
      type: view.type,
      title: view.title,
      openedAt: view.createdAt,
      closedAt: view.closedAt,
      status: view.status,
      cellId: view.cellId,
      assigneeId: view.assigneeId,
      priority: view.priority,
      respondDueAt: view.respondDueAt,
      respondedAt: view.respondedAt,
      resolveDueAt: view.resolveDueAt,
      resolvedAt: view.resolvedAt,
      sla: view.sla,
      pausedMinutes: Math.round(view.pausedMs / 60_000),
      rating: view.rating,
      incidentId: view.incidentId,
      cancelReason: view.cancelReason,
    }));
  }

  async history(from: Date, to: Date) {
    const { rows } = await this.pool.query<Parameters<typeof toHistoryEntry>[0] & { work_order_id: string }>(
      `SELECT * FROM work_order_history WHERE at >= $1 AND at < $2 ORDER BY id`,
      [from, to],
    );
    return rows.map((r) => ({
      workOrderId: r.work_order_id,
      ...toHistoryEntry(r),
      details: JSON.stringify(r.details),
    }));
  }

  static csv(rows: Record<string, unknown>[]): string {
    if (!rows.length) return '';
    const columns = Object.keys(rows[0]);
    return stringify(
      rows.map((r) => columns.map((c) => r[c] ?? '')),
      { header: true, columns },
    );
  }
}
