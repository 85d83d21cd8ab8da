/** A handshake the server refuses, with the reason the client reads from `connect_error`. */
export class HandshakeRefused extends Error {}

export interface Handshake {
  token: string;
  /** The last event the client received; null for live events only. */
  lastEventId: number | null;
}

/** Reads `auth: { token, lastEventId? }` from a socket.io handshake. */
export function readHandshake(auth: unknown): Handshake {
  const { token, lastEventId } = (auth ?? {}) as Record<string, unknown>;
  if (typeof token !== 'string' || token === '')
    throw new HandshakeRefused('missing access token: connect with auth: { token }');
  return { token, lastEventId: eventIdOf(lastEventId) };
}

function eventIdOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    throw new HandshakeRefused('lastEventId must be a non-negative integer');
  return id;
}

/** When an already verified access token expires (its `exp` claim), in epoch ms; null without one. */
export function expiryOf(token: string): number | null {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp?: unknown };
  return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}
