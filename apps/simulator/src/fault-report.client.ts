import { describeNetworkError, HttpResult, requestJson, signIn } from './platform-http.util';

export interface FaultReportClientOptions {
  apiUrl: string;
  username: string;
  password: string;
  requestTimeoutMs: number;
  fetch?: typeof fetch;
}

/** What the platform made of one simulated call; `status` is null when no HTTP answer came. */
export interface CallOutcome {
  status: number | null;
  reportId?: string;
  incidentId?: string | null;
  alreadyKnown?: boolean;
  error?: string;
}

/**
 * Phones in for a customer: `POST /api/v1/fault-reports` as the administrator (CONTRACT section 2: staff,
 * dispatchers and administrators may report for any meter). Never throws: the endpoint may not exist
 * yet, and a failed call is part of the ground truth, not a reason to stop the simulation.
 */
export class FaultReportClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private token: Promise<string | HttpResult> | null = null;

  constructor(private readonly options: FaultReportClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? fetch;
  }

  async report(meterId: string, description: string): Promise<CallOutcome> {
    try {
      let answer = await this.post(meterId, description);
      // Tokens expire; sign in again once.
      if (answer.status === 401) {
        this.token = null;
        answer = await this.post(meterId, description);
      }
      return outcome(answer);
    } catch (err) {
      this.token = null;
      return { status: null, error: describeNetworkError(err) };
    }
  }

  private async post(meterId: string, description: string): Promise<HttpResult> {
    const token = await (this.token ??= this.signIn());
    if (typeof token !== 'string') {
      this.token = null;
      return { ...token, text: `sign-in failed: ${token.status} ${token.text}` };
    }
    return requestJson(
      this.doFetch,
      'POST',
      `${this.base}/api/v1/fault-reports`,
      this.options.requestTimeoutMs,
      {
        body: JSON.stringify({ meterId, description }),
        token,
      },
    );
  }

  private async signIn(): Promise<string | HttpResult> {
    const { username, password, requestTimeoutMs } = this.options;
    const signedIn = await signIn(this.doFetch, this.base, { username, password }, requestTimeoutMs);
    return 'token' in signedIn ? signedIn.token : signedIn.result;
  }
}

function outcome(answer: HttpResult): CallOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    const body = (answer.json ?? {}) as { id?: unknown; incidentId?: unknown; alreadyKnown?: unknown };
    return {
      status: answer.status,
      ...(typeof body.id === 'string' && { reportId: body.id }),
      ...((typeof body.incidentId === 'string' || body.incidentId === null) && {
        incidentId: body.incidentId,
      }),
      ...(typeof body.alreadyKnown === 'boolean' && { alreadyKnown: body.alreadyKnown }),
    };
  }
  const text = answer.text.length > 500 ? `${answer.text.slice(0, 500)}…` : answer.text;
  return { status: answer.status, error: text || answer.statusText };
}
