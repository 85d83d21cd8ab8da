import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IngestContext } from './ingest-context';
import { importThreeCells } from './three-cells.fixture';

type Method = 'get' | 'put' | 'post' | 'delete';
interface Route {
  /** The operation as the OpenAPI document names it, e.g. `GET /api/v1/cells/{cellId}`. */
  operation: string;
  path: string;
  body?: object;
}
type Role = 'anonymous' | 'customer' | 'staff' | 'dispatcher';

/** Routes anyone may call without a token. */
const PUBLIC = ['GET /health', 'POST /api/v1/auth/token'];

/**
 * Every route of the API, called by every role against resources that are not theirs: each answer
 * must be a refusal — 401 without a token, 403 for the wrong role or for someone else's person,
 * 404 for something outside the caller's reach (so other people's ids cannot be probed). The
 * route list is checked against the OpenAPI document, so a new route cannot skip the sweep.
 * Staff are swept against cell Z, far from their own; a neighbour's (B) things they may read but
 * not change.
 */
describe('access sweep: every route, every role, someone else’s resources', () => {
  const ctx = new IngestContext();
  let id: (x: string) => string;
  let tokens: Record<string, string>;
  let shiftId: string;
  const incidentZ = randomUUID();
  let orderZ = '';
  let noticeZ = '';

  const call = async (route: Route, token?: string) => {
    const method = route.operation.split(' ')[0].toLowerCase() as Method;
    const r = request(ctx.baseUrl)[method](route.path);
    if (token) void r.set('Authorization', `Bearer ${token}`);
    return route.body ? r.send(route.body) : r;
  };

  beforeAll(async () => {
    await ctx.start();
    ({ id, tokens } = await importThreeCells(ctx));
    const shift = await ctx.post(`/api/v1/staff/${id('SZ')}/shifts`, {
      startsAt: '2026-12-01T08:00:00+08:00',
      endsAt: '2026-12-01T18:00:00+08:00',
      state: 'on_duty',
    });
    shiftId = (shift.body as { id: string }).id;
    // An outage on cell Z, as the detector would have recorded it.
    await ctx.db.query(
      `INSERT INTO incidents (id, kind, scope, asset_id, cell_id, cell_ids, status, started_at, detected_at,
         affected_meters, still_affected_meters, affected_customers, vulnerable_customers, confidence, evidence)
       VALUES ($1, 'outage', 'transformer', $2, $3, $4, 'open', now(), now(), 1, 1, 1, 0, 0.9, '{"summary":"test"}')`,
      [incidentZ, id('TZ'), id('CZ'), [id('CZ')]],
    );
    await ctx.db.query(`INSERT INTO incident_meters (incident_id, meter_id) VALUES ($1, $2)`, [
      incidentZ,
      id('MZ'),
    ]);
    // Work on cell Z, and the notification it sent to Z's staff.
    const order = await ctx.post(
      '/api/v1/work-orders',
      { type: 'scheduled_inspection', title: 'Inspect Z', cellId: id('CZ') },
      tokens.dispatcher,
    );
    orderZ = (order.body as { id: string }).id;
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM notifications WHERE work_order_id = $1`,
      [orderZ],
    );
    noticeZ = rows[0].id;
  });
  afterAll(() => ctx.stop());

  /** Each route aimed at someone else's resource: cell Z's, neither the customer's nor near the staff member's. */
  const routes = (): Record<string, Route> => {
    return {
      usage: { operation: 'GET /api/v1/meters/{meterId}/usage', path: `/api/v1/meters/${id('MZ')}/usage` },
      readings: {
        operation: 'GET /api/v1/meters/{meterId}/readings',
        path: `/api/v1/meters/${id('MZ')}/readings`,
      },
      customer: { operation: 'GET /api/v1/customers/{customerId}', path: `/api/v1/customers/${id('KZ')}` },
      cells: { operation: 'GET /api/v1/cells', path: '/api/v1/cells' },
      cell: { operation: 'GET /api/v1/cells/{cellId}', path: `/api/v1/cells/${id('CZ')}` },
      assignee: {
        operation: 'GET /api/v1/cells/{cellId}/assignee',
        path: `/api/v1/cells/${id('CZ')}/assignee`,
      },
      transformer: {
        operation: 'GET /api/v1/transformers/{transformerId}',
        path: `/api/v1/transformers/${id('TZ')}`,
      },
      dutyNow: { operation: 'GET /api/v1/staff/{staffId}/duty', path: `/api/v1/staff/${id('SZ')}/duty` },
      duty: {
        operation: 'PUT /api/v1/staff/{staffId}/duty',
        path: `/api/v1/staff/${id('SZ')}/duty`,
        body: { state: 'on_leave' },
      },
      neighbourDuty: {
        operation: 'PUT /api/v1/staff/{staffId}/duty',
        path: `/api/v1/staff/${id('SB')}/duty`,
        body: { state: 'on_leave' },
      },
      dutyHistory: {
        operation: 'GET /api/v1/staff/{staffId}/duty-history',
        path: `/api/v1/staff/${id('SZ')}/duty-history`,
      },
      shifts: { operation: 'GET /api/v1/staff/{staffId}/shifts', path: `/api/v1/staff/${id('SZ')}/shifts` },
      addShift: {
        operation: 'POST /api/v1/staff/{staffId}/shifts',
        path: `/api/v1/staff/${id('SZ')}/shifts`,
        body: {
          startsAt: '2026-12-02T08:00:00+08:00',
          endsAt: '2026-12-02T18:00:00+08:00',
          state: 'on_leave',
        },
      },
      cancelShift: {
        operation: 'DELETE /api/v1/staff/{staffId}/shifts/{shiftId}',
        path: `/api/v1/staff/${id('SZ')}/shifts/${shiftId}`,
      },
      coverage: { operation: 'GET /api/v1/coverage', path: '/api/v1/coverage' },
      incidents: { operation: 'GET /api/v1/incidents', path: '/api/v1/incidents' },
      workOrders: { operation: 'GET /api/v1/work-orders', path: '/api/v1/work-orders' },
      openRepair: {
        operation: 'POST /api/v1/work-orders',
        path: '/api/v1/work-orders',
        body: { type: 'outage_repair', title: 'not for customers to open', meterId: id('MZ') },
      },
      workOrder: {
        operation: 'GET /api/v1/work-orders/{workOrderId}',
        path: `/api/v1/work-orders/${orderZ}`,
      },
      step: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/steps',
        path: `/api/v1/work-orders/${orderZ}/steps`,
        body: { step: 'accept' },
      },
      answer: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/answer',
        path: `/api/v1/work-orders/${orderZ}/answer`,
        body: { text: 'hello' },
      },
      rating: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/rating',
        path: `/api/v1/work-orders/${orderZ}/rating`,
        body: { score: 5 },
      },
      returnVisit: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/return-visit',
        path: `/api/v1/work-orders/${orderZ}/return-visit`,
        body: { score: 5 },
      },
      orderHistory: {
        operation: 'GET /api/v1/work-orders/{workOrderId}/history',
        path: `/api/v1/work-orders/${orderZ}/history`,
      },
      pauses: {
        operation: 'GET /api/v1/work-orders/{workOrderId}/pauses',
        path: `/api/v1/work-orders/${orderZ}/pauses`,
      },
      requestPause: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/pauses',
        path: `/api/v1/work-orders/${orderZ}/pauses`,
        body: { reason: 'weather' },
      },
      decidePause: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/pauses/{pauseId}/decision',
        path: `/api/v1/work-orders/${orderZ}/pauses/1/decision`,
        body: { approve: true },
      },
      endPause: {
        operation: 'POST /api/v1/work-orders/{workOrderId}/pauses/{pauseId}/end',
        path: `/api/v1/work-orders/${orderZ}/pauses/1/end`,
      },
      faultReport: {
        operation: 'POST /api/v1/fault-reports',
        path: '/api/v1/fault-reports',
        body: { meterId: id('MZ') },
      },
      ledger: { operation: 'GET /api/v1/audit/work-orders', path: '/api/v1/audit/work-orders' },
      ledgerHistory: {
        operation: 'GET /api/v1/audit/work-order-history',
        path: '/api/v1/audit/work-order-history',
      },
      notifications: { operation: 'GET /api/v1/notifications', path: '/api/v1/notifications' },
      readNotice: {
        operation: 'POST /api/v1/notifications/{notificationId}/read',
        path: `/api/v1/notifications/${noticeZ}/read`,
      },
      incident: { operation: 'GET /api/v1/incidents/{incidentId}', path: `/api/v1/incidents/${incidentZ}` },
      quarantine: { operation: 'GET /api/v1/quarantine', path: '/api/v1/quarantine' },
      topology: { operation: 'PUT /api/v1/topology', path: '/api/v1/topology', body: {} },
      users: {
        operation: 'POST /api/v1/users',
        path: '/api/v1/users',
        body: { username: id('intruder'), password: 'long-enough-pw', role: 'administrator' },
      },
      resetPassword: {
        operation: 'PUT /api/v1/users/{username}/password',
        path: `/api/v1/users/${id('sZ')}/password`,
        body: { newPassword: 'long-enough-pw' },
      },
      password: {
        operation: 'PUT /api/v1/auth/password',
        path: '/api/v1/auth/password',
        body: { currentPassword: 'x', newPassword: 'long-enough-pw' },
      },
    };
  };

  /** What each role must get; a route a role may use on others' things is absent from its row. */
  const expected = (): Record<Role, Record<string, number>> => {
    const names = Object.keys(routes());
    // Lists every role may call: each answers with the caller's slice (checked below).
    const customerUses = new Set(['password', 'incidents', 'workOrders', 'notifications']);
    const customerNotFound = [
      'usage',
      'readings',
      'customer',
      'incident',
      'workOrder',
      'step',
      'rating',
      'faultReport',
      'readNotice',
    ];
    return {
      anonymous: Object.fromEntries(names.map((k) => [k, 401])),
      customer: Object.fromEntries(
        names.filter((k) => !customerUses.has(k)).map((k) => [k, customerNotFound.includes(k) ? 404 : 403]),
      ),
      staff: {
        usage: 404,
        readings: 404,
        customer: 404,
        cell: 404,
        assignee: 404,
        transformer: 404,
        incident: 404,
        workOrder: 404,
        step: 404,
        answer: 404,
        rating: 403,
        returnVisit: 404,
        orderHistory: 404,
        pauses: 404,
        requestPause: 404,
        decidePause: 403,
        endPause: 404,
        faultReport: 404,
        ledger: 403,
        ledgerHistory: 403,
        readNotice: 404,
        dutyNow: 403,
        duty: 403,
        neighbourDuty: 403,
        dutyHistory: 403,
        shifts: 403,
        addShift: 403,
        cancelShift: 403,
        quarantine: 403,
        topology: 403,
        users: 403,
        resetPassword: 403,
      },
      dispatcher: {
        quarantine: 403,
        topology: 403,
        users: 403,
        resetPassword: 403,
        rating: 403,
        ledger: 403,
        ledgerHistory: 403,
        readNotice: 404,
      },
    };
  };

  it('covers every operation the API documents', async () => {
    const doc = (await request(ctx.baseUrl).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const swept = new Set([...PUBLIC, ...Object.values(routes()).map((r) => r.operation)]);
    expect(documented.filter((op) => !swept.has(op))).toEqual([]);
  });

  it('refuses every call on resources that are not the caller’s', async () => {
    const all = routes();
    let calls = 0;
    for (const [role, refusals] of Object.entries(expected())) {
      for (const [name, status] of Object.entries(refusals)) {
        const res = await call(all[name], tokens[role]);
        calls++;
        expect(`${role} ${name}: ${res.status}`).toBe(`${role} ${name}: ${status}`);
      }
    }
    const operations = new Set(Object.values(all).map((r) => r.operation)).size;
    console.log(`access sweep: ${calls} refused calls across ${operations} operations and 4 roles`);
  });

  it('lets each role reach what is theirs, so the refusals mean something', async () => {
    const ok = async (path: string, token: string, body?: object, status = 200) => {
      const res = await call({ operation: body ? 'PUT x' : 'GET x', path, body }, token);
      expect(`${path}: ${res.status}`).toBe(`${path}: ${status}`);
    };
    await ok(`/api/v1/meters/${id('MA')}/usage`, tokens.customer);
    await ok(`/api/v1/customers/${id('KA')}`, tokens.customer);
    // Staff: their own cell, and their neighbour's for reading.
    await ok(`/api/v1/meters/${id('MA')}/readings`, tokens.staff);
    await ok(`/api/v1/meters/${id('MB')}/readings`, tokens.staff);
    await ok(`/api/v1/customers/${id('KB')}`, tokens.staff);
    await ok(`/api/v1/transformers/${id('TB')}`, tokens.staff);
    await ok(`/api/v1/cells/${id('CB')}/assignee`, tokens.staff);
    await ok(`/api/v1/staff/${id('SA')}/duty`, tokens.staff, { state: 'on_duty' });
    await ok(`/api/v1/meters/${id('MZ')}/usage`, tokens.dispatcher);
    await ok(`/api/v1/staff/${id('SZ')}/duty`, tokens.dispatcher, { state: 'on_duty' });
    await ok(`/api/v1/incidents/${incidentZ}`, tokens.dispatcher);
    // Lists answer everyone, with only what is theirs.
    for (const role of ['customer', 'staff'] as const) {
      const listed = (await ctx.get('/api/v1/incidents', tokens[role])).body as { id: string }[];
      expect(`${role}: ${listed.map((i) => i.id).includes(incidentZ)}`).toBe(`${role}: false`);
    }
    const all = (await ctx.get('/api/v1/incidents', tokens.dispatcher)).body as { id: string }[];
    expect(all.map((i) => i.id)).toContain(incidentZ);
    for (const role of ['customer', 'staff'] as const) {
      const orders = (await ctx.get('/api/v1/work-orders', tokens[role])).body as { id: string }[];
      expect(`${role}: ${orders.map((o) => o.id).includes(orderZ)}`).toBe(`${role}: false`);
      const notes = (await ctx.get('/api/v1/notifications', tokens[role])).body as { id: string }[];
      expect(`${role}: ${notes.map((n) => n.id).includes(noticeZ)}`).toBe(`${role}: false`);
    }
    await ok(`/api/v1/work-orders/${orderZ}`, tokens.dispatcher);
    await ok(`/api/v1/audit/work-orders?format=json`, tokens.administrator);
  });

  it('lets a customer change their password, and only with the current one', async () => {
    const change = (currentPassword: string, newPassword: string) =>
      call(
        {
          operation: 'PUT /api/v1/auth/password',
          path: '/api/v1/auth/password',
          body: { currentPassword, newPassword },
        },
        tokens.customer,
      );
    await change('wrong-password', 'a-new-password-1').then((r) => expect(r.status).toBe(401));
    await change(`pw-${ctx.ns}-kA`, 'a-new-password-1').then((r) => expect(r.status).toBe(204));
    await request(ctx.baseUrl)
      .post('/api/v1/auth/token')
      .send({ username: id('KA'), password: `pw-${ctx.ns}-kA` })
      .expect(401);
    await ctx.tokenFor(id('KA'), 'a-new-password-1');
  });

  it('lets an administrator reset a forgotten password', async () => {
    await call(
      {
        operation: 'PUT /api/v1/users/{username}/password',
        path: `/api/v1/users/${id('sB')}/password`,
        body: { newPassword: 'reset-by-admin-1' },
      },
      tokens.administrator,
    ).then((r) => expect(r.status).toBe(204));
    await ctx.tokenFor(id('sB'), 'reset-by-admin-1');
    await call(
      {
        operation: 'PUT x',
        path: `/api/v1/users/${id('nobody')}/password`,
        body: { newPassword: 'reset-by-admin-1' },
      },
      tokens.administrator,
    ).then((r) => expect(r.status).toBe(404));
  });
});
