/** Kinds of work, each with its own service clock. */
export const WORK_ORDER_TYPES = [
  'outage_repair',
  'voltage_quality',
  'meter_fault',
  'communication_fault',
  'connection_request',
  'billing_inquiry',
  'complaint',
  'scheduled_inspection',
] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

/**
 * The lifecycle (受理-查处-反馈): accepted by the platform, handled in the field, answered to the
 * customer; `cancelled` (with a reason) ends it from any open step.
 */
export const WORK_ORDER_STATUSES = [
  'created',
  'assigned',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
  'feedback_given',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Why the clock may stop (停止计时), and only with a supervisor's approval. */
export const PAUSE_REASONS = [
  'customer_absent',
  'awaiting_materials',
  'weather',
  'access_blocked',
  'customer_request',
  'third_party',
] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export type SlaState = 'on_track' | 'at_risk' | 'overdue' | 'met' | 'missed' | 'paused';

/** A work order as the API and the live channel show it (CONTRACT 2, plus the extensions after `closedAt`). */
export interface WorkOrderView {
  id: string;
  type: WorkOrderType;
  status: WorkOrderStatus;
  /** 1 (most urgent) to 4. */
  priority: number;
  cellId: string | null;
  incidentId: string | null;
  assigneeId: string | null;
  createdAt: string;
  /** The deadline that matters now: arrival (or first response) until then, restoration (or resolution) after. */
  dueAt: string | null;
  closedAt: string | null;
  /** Extensions. */
  title: string;
  description: string | null;
  priorityReason: string;
  customerId: string | null;
  meterId: string | null;
  /** Where work goes when no one on duty can take it. */
  queue: 'staff' | 'dispatcher';
  assignmentReason: string | null;
  areaClass: string;
  respondDueAt: string | null;
  resolveDueAt: string | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  /** Outage orders: power back, as the incident's meters showed it. */
  powerRestoredAt: string | null;
  sla: SlaState;
  pausedMs: number;
  pausedSince: string | null;
  escalatedAt: string | null;
  diagnosis: string | null;
  resolution: string | null;
  /** The answer the customer sees (complaints and inquiries). */
  answer: string | null;
  rating: number | null;
  ratingComment: string | null;
  cancelReason: string | null;
  updatedAt: string;
}

/** One entry of a work order's append-only history (the case ledger). */
export interface WorkOrderHistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  fromStatus: WorkOrderStatus | null;
  toStatus: WorkOrderStatus | null;
  details: Record<string, unknown>;
  lat: number | null;
  lon: number | null;
}
