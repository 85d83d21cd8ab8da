/** One JSON request to the platform's HTTP API, as both the topology and the fault-report clients make it. */
export interface HttpResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** Parsed body, or null when empty or not JSON (a proxy's HTML error page). */
  json: unknown;
}

export async function requestJson(
  doFetch: typeof fetch,
  method: string,
  url: string,
  timeoutMs: number,
  req: { body: string; token?: string },
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const res = await doFetch(url, { method, headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Reported as text.
  }
  return { status: res.status, statusText: res.statusText, headers: res.headers, text, json };
}

/** `POST /api/v1/auth/token`; the access token, or an explanation of why there is none. */
export async function signIn(
  doFetch: typeof fetch,
  base: string,
  credentials: { username: string; password: string },
  timeoutMs: number,
): Promise<{ token: string } | { result: HttpResult }> {
  const result = await requestJson(doFetch, 'POST', `${base}/api/v1/auth/token`, timeoutMs, {
    body: JSON.stringify(credentials),
  });
  const token = (result.json as { accessToken?: unknown } | null)?.accessToken;
  return result.status < 300 && typeof token === 'string' && token !== '' ? { token } : { result };
}

export function describeNetworkError(err: unknown): string {
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
