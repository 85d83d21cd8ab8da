/** Options for {@link AckAfterCommitConsumer}. Durations are in the unit their name ends with. */
export interface AckAfterCommitConsumerOptions {
  /** `mqtt://host:port`; credentials in the URL are used when `username`/`password` are not given. */
  url: string;
  /** Must be stable across restarts: the broker keys the persistent session (and unacked messages) on it. */
  clientId: string;
  /** Topic filters; `$share/<group>/<filter>` spreads messages across consumers of the same group. */
  subscriptions: readonly string[];
  /** Maximum QoS requested for every filter. QoS 0 gives up redelivery, so 1 is the default. */
  qos?: 0 | 1;
  /** `'auto'` offers MQTT 5 and falls back to 3.1.1 when the broker refuses it (aedes does). */
  protocolVersion?: 4 | 5 | 'auto';
  /**
   * Most unacknowledged QoS 1 messages held at once. Sent to MQTT 5 brokers as Receive Maximum, and also
   * enforced locally by pausing the socket, which bounds memory while the database is slow or down.
   */
  receiveMaximum?: number;
  /**
   * Most payload bytes held unacknowledged; reading pauses beyond it. Bounds memory when messages are
   * large (gateway batches) where `receiveMaximum` alone, a count, would not.
   */
  maxPendingBytes?: number;
  keepaliveS?: number;
  username?: string;
  password?: string;
  /** MQTT 5 only; 3.1.1 sessions last until the broker's own expiry policy removes them. */
  sessionExpiryS?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long one attempt may take from opening the socket to SUBACK. */
  connectTimeoutMs?: number;
}

export interface ResolvedConsumerOptions {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly subscriptions: readonly string[];
  readonly qos: 0 | 1;
  readonly protocolVersion: 4 | 5 | 'auto';
  readonly receiveMaximum: number;
  readonly maxPendingBytes: number;
  readonly keepaliveS: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly sessionExpiryS: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly connectTimeoutMs: number;
}

const SEVEN_DAYS_S = 7 * 24 * 60 * 60;
const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffffffff;

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveConsumerOptions(options: AckAfterCommitConsumerOptions): ResolvedConsumerOptions {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new Error(`MQTT url "${options.url}" is not a valid URL (expected mqtt://host:port)`);
  }
  if (parsed.protocol !== 'mqtt:' && parsed.protocol !== 'tcp:') {
    throw new Error(`MQTT url "${options.url}" must use mqtt:// (TLS and WebSocket are not supported)`);
  }
  if (options.clientId.length === 0)
    throw new Error('clientId must not be empty: persistent sessions need it');
  if (options.subscriptions.length === 0)
    throw new Error('subscriptions must name at least one topic filter');
  const qos = options.qos ?? 1;
  if (qos !== 0 && qos !== 1) throw new Error(`qos must be 0 or 1, got ${String(qos)}`);
  const protocolVersion = options.protocolVersion ?? 'auto';
  if (protocolVersion !== 4 && protocolVersion !== 5 && protocolVersion !== 'auto') {
    throw new Error(`protocolVersion must be 4, 5 or 'auto', got ${String(protocolVersion)}`);
  }
  const reconnectMinMs = integerIn('reconnectMinMs', options.reconnectMinMs ?? 500, 1, 3_600_000);
  const reconnectMaxMs = integerIn(
    'reconnectMaxMs',
    options.reconnectMaxMs ?? 30_000,
    reconnectMinMs,
    3_600_000,
  );
  // WHATWG URL keeps the brackets of IPv6 literals, which net.connect does not accept.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return {
    url: options.url,
    host,
    port: parsed.port === '' ? 1883 : Number(parsed.port),
    clientId: options.clientId,
    subscriptions: [...options.subscriptions],
    qos,
    protocolVersion,
    receiveMaximum: integerIn('receiveMaximum', options.receiveMaximum ?? 4096, 1, UINT16_MAX),
    maxPendingBytes: integerIn(
      'maxPendingBytes',
      options.maxPendingBytes ?? 64 * 1024 * 1024,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    keepaliveS: integerIn('keepaliveS', options.keepaliveS ?? 30, 0, UINT16_MAX),
    username: options.username ?? (parsed.username === '' ? undefined : decodeURIComponent(parsed.username)),
    password: options.password ?? (parsed.password === '' ? undefined : decodeURIComponent(parsed.password)),
    sessionExpiryS: integerIn('sessionExpiryS', options.sessionExpiryS ?? SEVEN_DAYS_S, 0, UINT32_MAX),
    reconnectMinMs,
    reconnectMaxMs,
    connectTimeoutMs: integerIn('connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1, 3_600_000),
  };
}

// Exponential with "equal jitter": never below half the nominal delay, so a fleet of ingest workers
// restarted together does not reconnect in lockstep.
export function reconnectDelayMs(
  attempt: number,
  minMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const nominal = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
