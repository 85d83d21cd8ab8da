import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { silentLogger } from './sim.logger';
import { registerTopology, TopologyRejectedError } from './topology.client';
import type { TopologyBody } from './topology.types';

const body: TopologyBody = {
  feeders: [{ id: 'F1', name: '10 kV Line 1' }],
  transformers: [],
  gateways: [],
  cells: [],
  customers: [],
  meters: [],
  staff: [],
};

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => handler(req, data, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

const opts = (apiUrl: string, timeoutMs = 5_000) => ({
  apiUrl,
  username: 'admin',
  password: 'pw',
  timeoutMs,
  requestTimeoutMs: 2_000,
  logger: silentLogger,
});

describe('registerTopology', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('gets a token, then PUTs the body with it', async () => {
    const seen: string[] = [];
    const { url, server } = await serve((req, data, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/api/v1/auth/token') {
        expect(JSON.parse(data)).toEqual({ username: 'admin', password: 'pw' });
        return json(res, 200, { accessToken: 'tok', expiresIn: 3600 });
      }
      expect(req.headers.authorization).toBe('Bearer tok');
      expect(JSON.parse(data)).toEqual(body);
      json(res, 200, { feeders: 1 });
    });
    servers.push(server);
    await expect(registerTopology(body, opts(`${url}/`))).resolves.toEqual({ feeders: 1 });
    expect(seen).toEqual(['POST /api/v1/auth/token', 'PUT /api/v1/topology']);
  });

  it('retries while the API answers 503, then succeeds', async () => {
    let calls = 0;
    const { url, server } = await serve((req, _data, res) => {
      if (++calls <= 2) return json(res, 503, { database: 'down' });
      json(res, 200, req.url === '/api/v1/auth/token' ? { accessToken: 't' } : { ok: true });
    });
    servers.push(server);
    await expect(registerTopology(body, opts(url))).resolves.toEqual({ ok: true });
    expect(calls).toBe(4);
  });

  it('treats a 400 as fatal and reports the body', async () => {
    const { url, server } = await serve((req, _data, res) => {
      if (req.url === '/api/v1/auth/token') return json(res, 200, { accessToken: 't' });
      json(res, 400, { errors: ['meters[0].transformerId: unknown transformer T9'] });
    });
    servers.push(server);
    const err = await registerTopology(body, opts(url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopologyRejectedError);
    expect((err as Error).message).toMatch(/PUT .*\/api\/v1\/topology answered 400/);
    expect((err as Error).message).toContain('unknown transformer T9');
  });

  it('treats bad credentials as fatal', async () => {
    const { url, server } = await serve((_req, _data, res) =>
      json(res, 401, { message: 'invalid credentials' }),
    );
    servers.push(server);
    await expect(registerTopology(body, opts(url))).rejects.toThrow(/401.*invalid credentials/);
  });

  it('gives up with a clear error when the API never comes up', async () => {
    // Reserve a port, then close it so nothing listens there.
    const { url, server } = await serve(() => undefined);
    await new Promise((r) => server.close(r));
    const started = Date.now();
    const err = (await registerTopology(body, opts(url, 1_500)).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /giving up registering the topology with http:\/\/127\.0\.0\.1:\d+ after \d+ attempt/,
    );
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
