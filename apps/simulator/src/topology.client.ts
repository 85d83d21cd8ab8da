import { describeNetworkError, HttpResult, requestJson, signIn } from './platform-http.util';
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
      const credentials = { username: options.username, password: options.password };
      const signedIn = await signIn(doFetch, base, credentials, options.requestTimeoutMs);
      if ('result' in signedIn) {
        const { result } = signedIn;
        const url = `${base}/api/v1/auth/token`;
        if (result.status >= 300) classify('POST', url, result);
        throw new TopologyRejectedError(
          `POST ${url} answered ${result.status} without an accessToken: ${result.text}`,
          result.status,
          result.text,
        );
      }
      const url = `${base}/api/v1/topology`;
      const put = await requestJson(doFetch, 'PUT', url, options.requestTimeoutMs, {
        body: payload,
        token: signedIn.token,
      });
      if (put.status >= 300) classify('PUT', url, put);
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

/** Throws the error a failed answer deserves: retryable (5xx, 408, 429) or final. */
function classify(method: string, url: string, result: HttpResult): never {
  const { status, text } = result;
  const snippet = text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text;
  const message = `${method} ${url} answered ${status} ${result.statusText}: ${snippet}`;
  if (status >= 500 || status === 408 || status === 429) {
    throw new RetryableHttpError(message, parseRetryAfter(result.headers.get('retry-after')));
  }
  throw new TopologyRejectedError(message, status, text);
}

function parseRetryAfter(value: string | null): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.min(60_000, Math.max(0, at - Date.now()));
}
