import type { PoolClient } from 'pg';
import type {
  SlaState,
  WorkOrderHistoryEntry,
  WorkOrderStatus,
  WorkOrderType,
  WorkOrderView,
} from '@gridcell/contracts';
import { dueWithPauses, pausedMs, slaState, type Pause } from './sla/sla.clock';

/** A work_orders row as PostgreSQL returns it. */
export interface WorkOrderRow {
  id: string;
  type: WorkOrderType;
  status: WorkOrderStatus;
  priority: number;
  priority_reason: string;
  title: string;
  description: string | null;
  cell_id: string | null;
  area_class: string;
  incident_id: string | null;
  customer_id: string | null;
  meter_id: string | null;
  queue: 'staff' | 'dispatcher';
  assignee_id: string | null;
  assignment_reason: string | null;
  created_by: string;
  created_at: Date;
  respond_due_at: Date;
  resolve_due_at: Date | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  incident_synced_at: Date | null;
  power_restored_at: Date | null;
  at_risk_at: Date | null;
  escalated_at: Date | null;
  diagnosis: string | null;
  resolution: string | null;
  answer: string | null;
  rating: number | null;
  rating_comment: string | null;
  cancel_reason: string | null;
  updated_at: Date;
}

export interface PauseRow {
  work_order_id: string;
  decided_at: Date;
  ended_at: Date | null;
}

/** Where a work order's clocks stand: effective deadlines (pauses added), state and paused time. */
export interface SlaPosition {
  respondDue: number;
  resolveDue: number | null;
  state: SlaState;
  pausedMs: number;
  pausedSince: number | null;
}

export function slaPosition(row: WorkOrderRow, pauses: Pause[], now: number): SlaPosition {
  const until = (row.closed_at ?? (row.status === 'cancelled' ? row.updated_at : null))?.getTime() ?? now;
  const created = row.created_at.getTime();
  const respondDue = dueWithPauses(row.respond_due_at.getTime(), pauses, until);
  const resolveDue = row.resolve_due_at ? dueWithPauses(row.resolve_due_at.getTime(), pauses, until) : null;
  const running = pauses.find((p) => p.to === null) ?? null;
  const responded = row.responded_at?.getTime() ?? null;
  // Until the first clock is done it is the one that matters; then the second.
  const clock =
    responded === null || resolveDue === null
      ? { start: created, due: respondDue, doneAt: responded }
      : { start: responded, due: resolveDue, doneAt: row.resolved_at?.getTime() ?? null };
  const state =
    row.status === 'cancelled'
      ? 'met'
      : slaState({ ...clock, paused: running !== null && clock.doneAt === null }, until);
  return {
    respondDue,
    resolveDue,
    state,
    pausedMs: pausedMs(pauses, until),
    pausedSince: running?.from ?? null,
  };
}

export function pausesOf(rows: PauseRow[]): Pause[] {
  return rows.map((p) => ({ from: p.decided_at.getTime(), to: p.ended_at?.getTime() ?? null }));
}

export function toView(row: WorkOrderRow, sla: SlaPosition): WorkOrderView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const at = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const responded = row.responded_at !== null;
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    priority: row.priority,
    cellId: row.cell_id,
    incidentId: row.incident_id,
    assigneeId: row.assignee_id,
    createdAt: row.created_at.toISOString(),
    dueAt: at(responded && sla.resolveDue !== null ? sla.resolveDue : sla.respondDue),
    closedAt: iso(row.closed_at),
    title: row.title,
    description: row.description,
    priorityReason: row.priority_reason,
    customerId: row.customer_id,
    meterId: row.meter_id,
    queue: row.queue,
    assignmentReason: row.assignment_reason,
    areaClass: row.area_class,
    respondDueAt: at(sla.respondDue),
    resolveDueAt: at(sla.resolveDue),
    respondedAt: iso(row.responded_at),
    resolvedAt: iso(row.resolved_at),
    powerRestoredAt: iso(row.power_restored_at),
    sla: sla.state,
    pausedMs: sla.pausedMs,
    pausedSince: at(sla.pausedSince),
    escalatedAt: iso(row.escalated_at),
    diagnosis: row.diagnosis,
    resolution: row.resolution,
    answer: row.answer,
    rating: row.rating,
    ratingComment: row.rating_comment,
    cancelReason: row.cancel_reason,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Loads orders with their approved pauses, as views; `FOR UPDATE` when about to change them. */
export async function loadOrders(
  db: PoolClient,
  where: string,
  params: unknown[],
  options: { forUpdate?: boolean; now?: number } = {},
): Promise<{ row: WorkOrderRow; view: WorkOrderView; sla: SlaPosition }[]> {
  const { rows } = await db.query<WorkOrderRow>(
    `SELECT * FROM work_orders w WHERE ${where} ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    params,
  );
  if (!rows.length) return [];
  const pauses = await db.query<PauseRow>(
    `SELECT work_order_id, decided_at, ended_at FROM sla_pauses
     WHERE work_order_id = ANY($1::uuid[]) AND approved AND decided_at IS NOT NULL ORDER BY decided_at`,
    [rows.map((r) => r.id)],
  );
  const now = options.now ?? Date.now();
  return rows.map((row) => {
    const sla = slaPosition(row, pausesOf(pauses.rows.filter((p) => p.work_order_id === row.id)), now);
    return { row, view: toView(row, sla), sla };
  });
}

export interface HistoryInput {
  actor: string;
  action: string;
  from?: WorkOrderStatus | null;
  to?: WorkOrderStatus | null;
  details?: Record<string, unknown>;
  lat?: number | null;
  lon?: number | null;
}

export async function appendHistory(db: PoolClient, workOrderId: string, h: HistoryInput): Promise<void> {
  await db.query(
    `INSERT INTO work_order_history (work_order_id, actor, action, from_status, to_status, details, lat, lon)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      workOrderId,
      h.actor,
      h.action,
      h.from ?? null,
      h.to ?? null,
      h.details ?? {},
      h.lat ?? null,
      h.lon ?? null,
    ],
  );
}

export function toHistoryEntry(r: {
  id: string;
  at: Date;
  actor: string;
  action: string;
  from_status: WorkOrderStatus | null;
  to_status: WorkOrderStatus | null;
  details: Record<string, unknown>;
  lat: number | null;
  lon: number | null;
}): WorkOrderHistoryEntry {
  return {
    id: Number(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    details: r.details,
    lat: r.lat,
    lon: r.lon,
  };
}
