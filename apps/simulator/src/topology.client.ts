import type { SimLogger } from './sim.logger';
import type { TopologyBody } from './topology.types';

export interface TopologyClientOptions {
  apiUrl: string;
  username: string;
  password: string;
  /** Keep retrying (API not up yet, 5xx, 429) for this long in total. */
  timeoutMs: number;
  /**
   * Per request. The PUT can be slow: the platform hashes every customer's and staff member's password
   * (a memory-hard hash takes tens of ms each), so a 1,000-meter county may take a minute.
   */
  requestTimeoutMs: number;
  logger: SimLogger;
  fetch?: typeof fetch;
}

/** A response that retrying cannot fix (bad credentials, invalid topology). */
export class TopologyRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
    this.name = 'TopologyRejectedError';
  }
}

/**
 * Registers the county: `POST /api/v1/auth/token` then `PUT /api/v1/topology` (CONTRACT section 2).
 * Retries with exponential backoff while the API is unreachable or answers 5xx/408/429, because the
 * simulator usually starts alongside the platform; any other 4xx is fatal and carries the body.
 * Returns the platform's response (the counts applied).
 */
export async function registerTopology(body: TopologyBody, options: TopologyClientOptions): Promise<unknown> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const deadline = Date.now() + options.timeoutMs;
  const payload = JSON.stringify(body);
  let attempt = 0;
  let delay = 500;

  for (;;) {
    attempt++;
    let failure: string;
    let retryAfterMs = 0;
    try {
      const token = await call(doFetch, 'POST', `${base}/api/v1/auth/token`, options.requestTimeoutMs, {
        body: JSON.stringify({ username: options.username, password: options.password }),
      });
      const accessToken = (token.json as { accessToken?: unknown } | null)?.accessToken;
      if (typeof accessToken !== 'string' || accessToken === '') {
        throw new TopologyRejectedError(
          `POST ${base}/api/v1/auth/token answered ${token.status} without an accessToken: ${token.text}`,
          token.status,
          token.text,
        );
      }
      const put = await call(doFetch, 'PUT', `${base}/api/v1/topology`, options.requestTimeoutMs, {
        body: payload,
        token: accessToken,
      });
      return put.json ?? put.text;
    } catch (err) {
      if (err instanceof TopologyRejectedError) throw err;
      if (err instanceof RetryableHttpError) {
        failure = err.message;
        retryAfterMs = err.retryAfterMs;
      } else {
        failure = describeNetworkError(err);
      }
    }
    const wait = Math.max(delay, retryAfterMs);
    if (Date.now() + wait > deadline) {
      throw new Error(
        `giving up registering the topology with ${base} after ${attempt} attempt(s) over ` +
          `${Math.round(options.timeoutMs / 1000)} s; last error: ${failure}`,
      );
    }
    options.logger.warn(
      `topology registration attempt ${attempt} failed (${failure}); retrying in ${wait} ms`,
    );
    await new Promise((r) => setTimeout(r, wait));
    delay = Math.min(delay * 2, 10_000);
  }
}

class RetryableHttpError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

interface CallResult {
  status: number;
  text: string;
  json: unknown;
}

async function call(
  doFetch: typeof fetch,
  method: string,
  url: string,
  timeoutMs: number,
  req: { body: string; token?: string },
): Promise<CallResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const res = await doFetch(url, { method, headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Non-JSON bodies (a proxy's HTML error page) are reported as text.
  }
  if (res.ok) return { status: res.status, text, json };
  const snippet = text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text;
  const message = `${method} ${url} answered ${res.status} ${res.statusText}: ${snippet}`;
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    throw new RetryableHttpError(message, parseRetryAfter(res.headers.get('retry-after')));
  }
  throw new TopologyRejectedError(message, res.status, text);
}

function parseRetryAfter(value: string | null): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.min(60_000, Math.max(0, at - Date.now()));
}

function describeNetworkError(err: unknown): string {
  // Duck-typed rather than `instanceof Error`: fetch's errors come from another realm under test runners.
  const e = err as {
    name?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  } | null;
  if (typeof e?.message !== 'string') return String(err);
  // Node's fetch hides the interesting part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = e.cause?.code ?? e.cause?.message;
  const head = e.name === 'TimeoutError' ? 'request timed out' : e.message;
  return cause ? `${head}: ${typeof cause === 'string' ? cause : JSON.stringify(cause)}` : head;
}
