import request from 'supertest';
import { IngestContext } from './ingest-context';

type Method = 'get' | 'put' | 'post';
interface Route {
  method: Method;
  path: string;
  body?: object;
}

/**
 * Every route, called by every role against resources that are not theirs: each answer must be
 * a refusal (401 without a token, 403 for the wrong role, 404 for someone else's thing). A few
 * calls on the caller's own resources prove the accounts work, so the refusals mean something.
 */
describe('access sweep: every route, every role, someone else’s resources', () => {
  const ctx = new IngestContext();
  const id = (x: string) => `${ctx.ns}-${x}`;
  const tokens: Record<string, string> = {};

  const call = async (route: Route, token?: string) => {
    const r = request(ctx.baseUrl)[route.method](route.path);
    if (token) void r.set('Authorization', `Bearer ${token}`);
    return route.body ? r.send(route.body) : r;
  };

  beforeAll(async () => {
    await ctx.start();
    const side = (s: 'A' | 'B') => ({
      cell: { id: id(`C${s}`), name: `Village ${s}` },
      transformer: { id: id(`T${s}`), feederId: id('F1'), cellId: id(`C${s}`) },
      customer: { id: id(`K${s}`), name: `Customer ${s}`, password: `pw-${ctx.ns}-k${s}` },
      meter: { id: id(`M${s}`), transformerId: id(`T${s}`), customerId: id(`K${s}`) },
      staff: {
        id: id(`S${s}`),
        name: `Staff ${s}`,
        username: id(`s${s}`),
        password: `pw-${ctx.ns}-s${s}`,
        cells: [{ cellId: id(`C${s}`), role: 'primary' }],
      },
    });
    const a = side('A');
    const b = side('B');
    await ctx.putTopology({
      feeders: [{ id: id('F1'), name: 'Line 1' }],
      cells: [a.cell, b.cell],
      transformers: [a.transformer, b.transformer],
      customers: [a.customer, b.customer],
      meters: [a.meter, b.meter],
      staff: [a.staff, b.staff],
    });
    await ctx.post('/api/v1/users', {
      username: id('dispatch'),
      password: `pw-${ctx.ns}-d`,
      role: 'dispatcher',
    });
    tokens.customer = await ctx.tokenFor(id('KA'), `pw-${ctx.ns}-kA`);
    tokens.staff = await ctx.tokenFor(id('sA'), `pw-${ctx.ns}-sA`);
    tokens.dispatcher = await ctx.tokenFor(id('dispatch'), `pw-${ctx.ns}-d`);
  });
  afterAll(() => ctx.stop());

  const others = () =>
    ({
      usage: { method: 'get', path: `/api/v1/meters/${id('MB')}/usage` },
      readings: { method: 'get', path: `/api/v1/meters/${id('MB')}/readings` },
      customer: { method: 'get', path: `/api/v1/customers/${id('KB')}` },
      cells: { method: 'get', path: '/api/v1/cells' },
      cell: { method: 'get', path: `/api/v1/cells/${id('CB')}` },
      transformer: { method: 'get', path: `/api/v1/transformers/${id('TB')}` },
      assignee: { method: 'get', path: `/api/v1/cells/${id('CB')}/assignee` },
      duty: { method: 'put', path: `/api/v1/staff/${id('SB')}/duty`, body: { state: 'on_leave' } },
      dutyHistory: { method: 'get', path: `/api/v1/staff/${id('SB')}/duty-history` },
      coverage: { method: 'get', path: '/api/v1/coverage' },
      quarantine: { method: 'get', path: '/api/v1/quarantine' },
      topology: { method: 'put', path: '/api/v1/topology', body: {} },
      users: {
        method: 'post',
        path: '/api/v1/users',
        body: { username: id('intruder'), password: 'long-enough-pw', role: 'administrator' },
      },
      password: {
        method: 'put',
        path: '/api/v1/auth/password',
        body: { currentPassword: 'x', newPassword: 'long-enough-pw' },
      },
    }) satisfies Record<string, Route>;
  type RouteName = keyof ReturnType<typeof others>;

  /** What each role must get on someone else's resource; routes a role may use on others' things are absent. */
  const expected: Record<string, Partial<Record<RouteName, number>>> = {
    anonymous: Object.fromEntries(Object.keys(others()).map((k) => [k, 401])),
    customer: {
      usage: 404,
      readings: 404,
      customer: 404,
      cells: 403,
      cell: 403,
      transformer: 403,
      assignee: 403,
      duty: 403,
      dutyHistory: 403,
      coverage: 403,
      quarantine: 403,
      topology: 403,
      users: 403,
    },
    staff: {
      usage: 404,
      readings: 404,
      customer: 404,
      duty: 403,
      dutyHistory: 403,
      coverage: 403,
      quarantine: 403,
      topology: 403,
      users: 403,
    },
    dispatcher: { quarantine: 403, topology: 403, users: 403 },
  };

  it('refuses every call on resources that are not the caller’s', async () => {
    const routes = others();
    const seen: string[] = [];
    for (const [role, refusals] of Object.entries(expected)) {
      for (const [name, status] of Object.entries(refusals) as [RouteName, number][]) {
        const res = await call(routes[name], tokens[role]);
        seen.push(`${role} ${routes[name].method.toUpperCase()} ${routes[name].path} -> ${res.status}`);
        expect(`${role} ${name}: ${res.status}`).toBe(`${role} ${name}: ${status}`);
      }
    }
    // The sweep's size goes into the report; every route is covered by at least the anonymous pass.
    expect(seen.length).toBe(Object.values(expected).reduce((n, r) => n + Object.keys(r).length, 0));
    console.log(
      `access sweep: ${seen.length} refused calls across ${Object.keys(routes).length} routes and ${Object.keys(expected).length} roles`,
    );
  });

  it('lets each role reach its own resources', async () => {
    await call({ method: 'get', path: `/api/v1/meters/${id('MA')}/usage` }, tokens.customer).then((r) =>
      expect(r.status).toBe(200),
    );
    await call({ method: 'get', path: `/api/v1/customers/${id('KA')}` }, tokens.customer).then((r) =>
      expect(r.status).toBe(200),
    );
    await call({ method: 'get', path: `/api/v1/meters/${id('MA')}/readings` }, tokens.staff).then((r) =>
      expect(r.status).toBe(200),
    );
    await call({ method: 'get', path: `/api/v1/customers/${id('KA')}` }, tokens.staff).then((r) =>
      expect(r.status).toBe(200),
    );
    await call(
      { method: 'put', path: `/api/v1/staff/${id('SA')}/duty`, body: { state: 'on_duty' } },
      tokens.staff,
    ).then((r) => expect(r.status).toBe(200));
    await call({ method: 'get', path: `/api/v1/meters/${id('MB')}/usage` }, tokens.dispatcher).then((r) =>
      expect(r.status).toBe(200),
    );
    await call({ method: 'get', path: '/api/v1/coverage' }, tokens.dispatcher).then((r) =>
      expect(r.status).toBe(200),
    );
  });

  it('lets a customer change their password, and only with the current one', async () => {
    const change = (currentPassword: string, newPassword: string) =>
      call(
        { method: 'put', path: '/api/v1/auth/password', body: { currentPassword, newPassword } },
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
});
