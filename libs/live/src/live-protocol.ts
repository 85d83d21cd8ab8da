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

/** Anything socket.io can emit on: a socket, a room selection. */
interface Emitter {
  emit(event: string, payload: unknown): unknown;
}

/**
 * Emits a message under its own name. socket.io's typed maps cannot correlate an event name held
 * in a variable with its payload, so this is the one place that widens the target's type.
 */
export function emitMessage(target: unknown, message: LiveMessage): void {
  (target as Emitter).emit(message.type, message.payload);
}
