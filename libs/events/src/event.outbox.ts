import type { PoolClient } from 'pg';
import type { LiveEventMap, LiveEventType } from '@gridcell/contracts';

/** Serialises appends so event ids are assigned, and become visible, in commit order. */
const OUTBOX_LOCK = 0x0e7e_0b0c;
/** The channel readers LISTEN on; the payload is the new event id. */
export const EVENTS_CHANNEL = 'gridcell_events';

/** Who an event concerns, beyond dispatchers and administrators (who see everything). */
export interface Audience {
  cells: string[];
  customers: string[];
}

/**
 * Appends an event inside the caller's transaction: it exists once that commits, never before. An
 * advisory lock held to commit makes ids increase in commit order, so a reader that has seen
 * event n has seen every event before it.
 */
export async function appendEvent<T extends LiveEventType>(
  client: PoolClient,
  type: T,
  payload: LiveEventMap[T],
  audience: Audience,
): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  const { rows } = await client.query<{ event_id: string }>(
    `INSERT INTO domain_events (type, payload, cells, customers) VALUES ($1, $2, $3, $4) RETURNING event_id`,
    [type, payload, audience.cells, audience.customers],
  );
  const eventId = Number(rows[0].event_id);
  // Delivered at commit; readers that cannot LISTEN (PGlite) poll instead.
  await client.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, String(eventId)]);
  return eventId;
}
