import type { IncidentView } from '../incidents/incident.types';

/** CONTRACT 3: the events of the live channel and what each carries. */
export interface LiveEventMap {
  'incident.opened': IncidentView;
  'incident.updated': IncidentView;
  'incident.restored': IncidentView;
  'incident.closed': IncidentView;
}

export type LiveEventType = keyof LiveEventMap;

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = [
  'incident.opened',
  'incident.updated',
  'incident.restored',
  'incident.closed',
];

/** An event as delivered: the payload plus its monotonically increasing `eventId`. */
export type LiveEvent<T extends LiveEventType = LiveEventType> = LiveEventMap[T] & { eventId: number };
