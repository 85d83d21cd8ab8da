import type { IncidentView } from '../incidents/incident.types';
import type { WorkOrderView } from '../workorders/work-order.types';

/** CONTRACT 3: the events of the live channel and what each carries. */
export interface LiveEventMap {
  'incident.opened': IncidentView;
  'incident.updated': IncidentView;
  'incident.restored': IncidentView;
  'incident.closed': IncidentView;
  'workorder.created': WorkOrderView;
  'workorder.updated': WorkOrderView;
  'notification.created': NotificationView;
}

/** A message to one person, in the portal and the live channel (an SMS gateway may carry it too). */
export interface NotificationView {
  id: string;
  kind: string;
  text: string;
  workOrderId: string | null;
  incidentId: string | null;
  createdAt: string;
  readAt: string | null;
}

export type LiveEventType = keyof LiveEventMap;

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = [
  'incident.opened',
  'incident.updated',
  'incident.restored',
  'incident.closed',
  'workorder.created',
  'workorder.updated',
  'notification.created',
];

/** An event as delivered: the payload plus its monotonically increasing `eventId`. */
export type LiveEvent<T extends LiveEventType = LiveEventType> = LiveEventMap[T] & { eventId: number };
