import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultConflictError } from './fault-injector';
import type { FaultRecord } from './fault-record.mapper';
import { FaultRequestError } from './fault-request.parser';

/** What the control API drives: the fault injector. */
export interface FaultControl {
  inject(body: unknown): FaultRecord;
  end(id: string): FaultRecord | null;
  list(): FaultRecord[];
  get(id: string): FaultRecord | null;
}

export interface ControlServerOptions {
  port: number;
  token: string;
  faults: FaultControl;
  /** False while the simulator is still registering and connecting: injections wait for the devices. */
  ready(): boolean;
  health(): Record<string, unknown>;
}

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The simulator's control API, on 127.0.0.1 only: inject faults, end them, read the ground truth.
 * JSON in and out; every request carries the bearer token.
 */
export async function startControlServer(o: ControlServerOptions): Promise<ControlServer> {
  const expected = Buffer.from(`Bearer ${o.token}`);
  const server = createServer((req, res) => {
    handle(req, o, expected).then(
      ({ status, body }) => send(res, status, body),
      (err: unknown) => {
        const e =
          err instanceof HttpError
            ? err
            : new HttpError(500, err instanceof Error ? err.message : String(err));
        send(
          res,
          e.status,
          { error: e.message, ...e.extra },
          e.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
        );
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `SIM_CONTROL_PORT ${o.port} is already in use — set SIM_CONTROL_PORT to a free port, or to off to run without the control API`,
        { cause: error },
      );
    }
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  o: ControlServerOptions,
  expected: Buffer,
): Promise<{ status: number; body: unknown }> {
  const given = Buffer.from(req.headers.authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(
      401,
      'missing or wrong bearer token (SIM_CONTROL_TOKEN, or the sim-control-token file under DATA_DIR)',
    );
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const allow = (methods: string[]) => {
    if (!methods.includes(method))
      throw new HttpError(405, `${method} is not allowed on ${path}`, { allow: methods });
  };
  if (path === '/health') {
    allow(['GET']);
    return { status: 200, body: { status: 'ok', ready: o.ready(), ...o.health() } };
  }
  if (path === '/faults') {
    allow(['GET', 'POST']);
    if (method === 'GET') return { status: 200, body: o.faults.list() };
    if (!o.ready())
      throw new HttpError(
        503,
        'the simulator is still starting (registering the county, connecting the devices)',
      );
    try {
      return { status: 201, body: o.faults.inject(await readJson(req)) };
    } catch (err) {
      if (err instanceof FaultRequestError) throw new HttpError(400, err.message, { problems: err.problems });
      throw err;
    }
  }
  const match = /^\/faults\/([^/]+)$/.exec(path);
  if (match) {
    allow(['GET', 'DELETE']);
    const id = decodeURIComponent(match[1]);
    try {
      const found = method === 'GET' ? o.faults.get(id) : o.faults.end(id);
      if (!found) throw new HttpError(404, `no fault ${id}`);
      return { status: 200, body: found };
    } catch (err) {
      if (err instanceof FaultConflictError) throw new HttpError(409, err.message);
      throw err;
    }
  }
  throw new HttpError(
    404,
    `no route ${method} ${path}; try GET /health, GET|POST /faults, GET|DELETE /faults/{id}`,
  );
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}
