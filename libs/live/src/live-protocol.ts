import type { LiveEvent, LiveEventType } from '@gridcell/contracts';
import type { StoredEvent } from '@gridcell/events';
import { audienceRooms } from './live-rooms';

/** An outbox event on its way to clients: the name it is emitted under, its rooms, what it carries. */
export interface LiveMessage<T extends LiveEventType = LiveEventType> {
  type: T;
  rooms: string[];
  payload: LiveEvent<T>;
}

/** Sent first when a replay cannot start where the client asked: older events were deleted. */
export const REPLAY_TRUNCATED = 'replay.truncated';
export interface ReplayTruncated {
  /** What the client asked to resume after. */
  lastEventId: number;
  /** The oldest event still kept (the replay starts there), or null when none is. */
  oldestEventId: number | null;
}

/** Sent just before the server disconnects a socket whose access token has expired. */
export const SESSION_EXPIRED = 'session.expired';
export interface SessionExpired {
  message: string;
}

/** What a client of `/live` can receive. */
export type LiveServerEvents = { [T in LiveEventType]: (event: LiveEvent<T>) => void } & {
  [REPLAY_TRUNCATED]: (notice: ReplayTruncated) => void;
  [SESSION_EXPIRED]: (notice: SessionExpired) => void;
};

export function messageOf(event: StoredEvent): LiveMessage {
  return {
    type: event.type,
    rooms: audienceRooms(event),
    payload: { ...event.payload, eventId: event.eventId } as LiveEvent,
  };
}
