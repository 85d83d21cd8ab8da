import { JwtService } from '@nestjs/jwt';
import { Pool } from 'pg';
import type { IncidentView, LiveEventType } from '@gridcell/contracts';
import { inTransaction } from '@gridcell/database';
import { appendEvent, type Audience } from '@gridcell/events';
import { freePort, incidentView, startApp, waitFor, type AppProcess } from '@gridcell/testing';
import { IngestContext, QUICK_DETECTION } from './ingest-context';
import { LiveClient } from './live-client';
import { importThreeCells } from './three-cells.fixture';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Person = 'dispatcher' | 'staffA' | 'staffB' | 'staffZ' | 'customerA' | 'customerZ';

/**
 * CONTRACT 3 against the built API as a separate process, with real socket.io clients: the
 * detector (its own process) opens an incident from a concentrator's power_down over MQTT, and
 * each person receives exactly what the incidents API would show them. Three cells: A, its
 * neighbour B, and Z far away (test/e2e/three-cells.fixture.ts).
 */
describe('live events over socket.io', () => {
  const ctx = new IngestContext();
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const clients: LiveClient[] = [];
  let id: (x: string) => string;
  let tokens: Record<Person, string>;

  const connect = async (token: string, lastEventId?: number, baseUrl = ctx.baseUrl) => {
    const client = await LiveClient.connect(baseUrl, { token, lastEventId });
    clients.push(client);
    return client;
  };
  const append = (type: LiveEventType, incident: IncidentView, audience: Audience) =>
    inTransaction(pool, (client) => appendEvent(client, type, incident, audience));
  /** An event everyone receives: once it has arrived, everything before it has too. */
  const marker = (name: string) =>
    append('incident.updated', incidentView(id(name), id('CA')), {
      cells: [id('CA'), id('CZ')],
      customers: [id('KA'), id('KZ')],
    });
  const seen = async (everyone: LiveClient[], eventId: number) => {
    for (const client of everyone) await client.receivedEvent(eventId);
  };

  beforeAll(async () => {
    await ctx.start();
    const fixture = await importThreeCells(ctx);
    id = fixture.id;
    const pw = (x: string) => `pw-${ctx.ns}-${x}`;
    tokens = {
      dispatcher: fixture.tokens.dispatcher,
      staffA: fixture.tokens.staff,
      staffB: await ctx.tokenFor(id('sB'), pw('sB')),
      staffZ: await ctx.tokenFor(id('sZ'), pw('sZ')),
      customerA: fixture.tokens.customer,
      customerZ: await ctx.tokenFor(id('KZ'), pw('kZ')),
    };
    await ctx.startDetector(QUICK_DETECTION);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await ctx.stop();
    await pool.end();
  });

  it('refuses a socket without a valid access token, or with a malformed lastEventId, saying why', async () => {
    expect(await LiveClient.refusal(ctx.baseUrl, { token: 'not-a-token' })).toBe(
      'invalid or expired access token',
    );
    expect(await LiveClient.refusal(ctx.baseUrl, {})).toBe(
      'missing access token: connect with auth: { token }',
    );
    expect(await LiveClient.refusal(ctx.baseUrl, { token: tokens.dispatcher, lastEventId: -3 })).toBe(
      'lastEventId must be a non-negative integer',
    );
    expect(await LiveClient.refusal(ctx.baseUrl, { token: tokens.dispatcher }, '/')).toBe(
      'connect to the /live namespace',
    );
  });

  it('sends a detected outage to dispatchers, the staff who may read its cell and its customer — and nobody else', async () => {
    const people = Object.fromEntries(
      await Promise.all(
        Object.entries(tokens).map(async ([who, token]) => [who, await connect(token)] as const),
      ),
    ) as Record<Person, LiveClient>;
    await ctx.publish(`gateways/${id('GA')}/status`, { ts: Date.now(), state: 'power_down' });

    // Opened from the concentrator's word; its meter may join in a later update, which is when the
    // meter's customer is concerned.
    const { incident } = await waitFor(
      () => {
        const events = people.dispatcher.received.filter((r) => r.payload.assetId === id('TA'));
        const affecting = events.find((r) => (r.payload.affectedMeters as number) > 0);
        return affecting && { incident: events[0].payload as unknown as IncidentView & { eventId: number } };
      },
      20_000,
      () => 'the dispatcher to receive the outage of TA, affecting its meter',
    );
    const done = await marker('after-outage');
    await seen(Object.values(people), done);

    expect(incident).toMatchObject({
      kind: 'outage',
      scope: 'transformer',
      status: 'open',
      cellId: id('CA'),
    });
    const { rows } = await pool.query<{
      event_id: string;
      type: string;
      cells: string[];
      customers: string[];
    }>(
      "SELECT event_id, type, cells, customers FROM domain_events WHERE payload->>'id' = $1 ORDER BY event_id",
      [incident.id],
    );
    expect(rows[0]).toMatchObject({ event_id: String(incident.eventId), type: 'incident.opened' });
    const outageEvents = (who: Person) =>
      people[who].received.filter((r) => r.payload.id === incident.id).map((r) => r.payload.eventId);
    const eventsFor = (concerned: (row: (typeof rows)[number]) => boolean) =>
      rows.filter(concerned).map((r) => Number(r.event_id));
    const expected: Record<Person, number[]> = {
      dispatcher: eventsFor(() => true),
      staffA: eventsFor((r) => r.cells.includes(id('CA'))),
      // B neighbours A: its staff read A's cell.
      staffB: eventsFor((r) => r.cells.includes(id('CA'))),
      staffZ: [],
      customerA: eventsFor((r) => r.customers.includes(id('KA'))),
      customerZ: [],
    };
    expect(expected.staffA).toEqual(expected.dispatcher);
    expect(expected.customerA.length).toBeGreaterThan(0);
    for (const who of Object.keys(expected) as Person[])
      expect([who, outageEvents(who)]).toEqual([who, expected[who]]);
    // Nothing at all before the marker reached those it does not concern.
    for (const who of ['staffZ', 'customerZ'] as const)
      expect([who, people[who].eventIds]).toEqual([who, [done]]);

    // The same people, and only they, see the incident through the HTTP API.
    for (const [who, token] of Object.entries(tokens)) {
      const listed = (await ctx.get('/api/v1/incidents?status=all&limit=100', token)).body as IncidentView[];
      const receivedIt = expected[who as Person].length > 0;
      expect([who, listed.some((i) => i.id === incident.id)]).toEqual([who, receivedIt]);
    }
    // The payload is the incident as the API shows it, plus its eventId; ids only increase.
    const viaApi = (await ctx.get(`/api/v1/incidents/${incident.id}`)).body as IncidentView;
    expect(incident).toMatchObject({ id: viaApi.id, assetId: viaApi.assetId, detectedAt: viaApi.detectedAt });
    expect(typeof incident.eventId).toBe('number');
    for (const client of Object.values(people)) {
      const ids = client.eventIds;
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('replays exactly what a reconnecting client missed, in order, then live events — while more keep coming', async () => {
    const visibleToStaffA = async (after: number, through: number) => {
      const { rows } = await pool.query<{ event_id: string }>(
        `SELECT event_id FROM domain_events WHERE event_id > $1 AND event_id <= $2 AND cells && $3::text[]
         ORDER BY event_id`,
        [after, through, [id('CA'), id('CB')]],
      );
      return rows.map((r) => Number(r.event_id));
    };
    const first = await connect(tokens.staffA);
    const last = await marker('before-gap');
    await first.receivedEvent(last);
    first.close();

    // Missed while away: more than one page of events, some for A, some for Z or a customer only.
    await inTransaction(pool, async (client) => {
      for (let i = 0; i < 1500; i++) {
        const audience = [
          { cells: [id('CA')], customers: [] },
          { cells: [id('CZ')], customers: [] },
          { cells: [], customers: [id('KA')] },
        ][i % 3];
        await appendEvent(client, 'incident.updated', incidentView(id(`gap-${i}`), id('CA')), audience);
      }
    });
    // Live events keep coming while the replay runs.
    let live = 0;
    const during = (async () => {
      for (; live < 60; live++)
        await append('incident.updated', incidentView(id(`live-${live}`), id('CB')), {
          cells: [id(live % 2 ? 'CB' : 'CZ')],
          customers: [],
        });
    })();
    const back = await connect(tokens.staffA, last);
    await during;
    const end = await marker('after-gap');
    await back.receivedEvent(end);

    expect(back.eventIds).toEqual(await visibleToStaffA(last, end));
    expect(back.eventIds.length).toBeGreaterThan(500 + 30);
    expect(back.received.some((r) => r.type === 'replay.truncated')).toBe(false);
  });

  it('disconnects a socket when its access token expires', async () => {
    const jwt = new JwtService({ secret: ctx.env.GRID_JWT_SECRET });
    const principal = {
      userId: 'u-short',
      username: 'short',
      role: 'dispatcher',
      staffId: null,
      customerId: null,
    };
    const token = await jwt.signAsync({ ...principal, sub: principal.userId }, { expiresIn: 2 });
    const client = await connect(token);
    await waitFor(
      () => client.disconnectReason,
      10_000,
      () => 'the server to disconnect the socket',
    );
    expect(client.disconnectReason).toBe('io server disconnect');
    expect(client.received.map((r) => r.type)).toContain('session.expired');
  });

  describe('two API instances sharing Redis', () => {
    const apis: { app: AppProcess; baseUrl: string }[] = [];
    let aged: number[] = [];

    const startApi = async () => {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const app = await startApp(
        'api',
        { ...ctx.env, PORT: String(port), REDIS_URL, LIVE_EVENTS_RETENTION_DAYS: '1' },
        () =>
          fetch(`${baseUrl}/health`).then(
            (r) => r.ok,
            () => false,
          ),
      );
      apis.push({ app, baseUrl });
    };
    const leader = () =>
      waitFor(
        () => apis.find((a) => a.app.output().includes('relaying live events for every API instance')),
        15_000,
        () => 'an instance to lead the live relay',
      );

    beforeAll(async () => {
      // These and every earlier event as if two days old, past these instances' retention: deleted
      // when they start.
      aged = await inTransaction(pool, async (client) => {
        const ids: number[] = [];
        for (const n of [1, 2, 3])
          ids.push(
            await appendEvent(client, 'incident.closed', incidentView(id(`aged-${n}`), id('CZ')), {
              cells: [id('CZ')],
              customers: [id('KZ')],
            }),
          );
        await client.query(
          `UPDATE domain_events SET created_at = now() - interval '2 days' WHERE event_id <= $1`,
          [ids[2]],
        );
        return ids;
      });
      await startApi();
      await startApi();
    });
    afterAll(async () => {
      for (const { app } of apis) await app.stop();
    });

    // For customer Z alone: the detector's incidents (in cell A) never reach their sockets.
    const toCustomerZ = () => ({ cells: [], customers: [id('KZ')] });

    it('delivers each event exactly once to sockets on either instance', async () => {
      const [one, two] = apis;
      const dispatchers = [
        await connect(tokens.dispatcher, undefined, one.baseUrl),
        await connect(tokens.dispatcher, undefined, two.baseUrl),
      ];
      const customers = [
        await connect(tokens.customerZ, undefined, one.baseUrl),
        await connect(tokens.customerZ, undefined, two.baseUrl),
      ];
      await leader();
      const event = await append('incident.opened', incidentView(id('redis-1'), id('CZ')), toCustomerZ());
      const done = await marker('after-redis-1');
      await seen([...dispatchers, ...customers], done);
      for (const socket of [...dispatchers, ...customers])
        expect(socket.eventIds.filter((e) => e === event || e === done)).toEqual([event, done]);
      for (const socket of customers) expect(socket.eventIds).toEqual([event, done]);
    });

    it('hands the relay to the other instance when the leader dies', async () => {
      const dead = await leader();
      const survivor = apis.find((a) => a !== dead)!;
      const socket = await connect(tokens.customerZ, undefined, survivor.baseUrl);
      await dead.app.stop('SIGKILL');
      apis.splice(apis.indexOf(dead), 1);
      const event = await append('incident.restored', incidentView(id('redis-2'), id('CZ')), toCustomerZ());
      await socket.receivedEvent(event, 20_000);
      expect(await leader()).toBe(survivor);
      const done = await marker('after-failover');
      await socket.receivedEvent(done);
      expect(socket.eventIds).toEqual([event, done]);
    });

    it('tells a client resuming from before what is kept that its replay is truncated, then replays what is', async () => {
      await waitFor(
        async () =>
          (await pool.query('SELECT 1 FROM domain_events WHERE event_id = ANY($1)', [aged])).rowCount === 0,
        15_000,
        () => 'retention to delete the aged events',
      );
      const from = aged[1];
      const { rows } = await pool.query<{ oldest: string }>(
        'SELECT min(event_id) AS oldest FROM domain_events',
      );
      const client = await connect(tokens.customerZ, from, apis[0].baseUrl);
      const done = await marker('after-truncation');
      await client.receivedEvent(done);
      expect(client.received[0]).toEqual({
        type: 'replay.truncated',
        payload: { lastEventId: from, oldestEventId: Number(rows[0].oldest) },
      });
      const { rows: forZ } = await pool.query<{ event_id: string }>(
        `SELECT event_id FROM domain_events WHERE event_id > $1 AND event_id <= $2 AND customers && $3::text[]
         ORDER BY event_id`,
        [from, done, [id('KZ')]],
      );
      expect(client.eventIds).toEqual(forZ.map((r) => Number(r.event_id)));
    });
  });
});
