import request from 'supertest';
import { IngestContext } from './ingest-context';

describe('A/B posts: duty changes decide who takes work in a cell', () => {
  const ctx = new IngestContext();
  const id = (x: string) => `${ctx.ns}-${x}`;
  const staff = (n: number, cellId: string, role: 'primary' | 'backup') => ({
    id: id(`S${n}`),
    name: `Staff ${n}`,
    username: id(`s${n}`),
    password: `pw-${ctx.ns}-s${n}`,
    cells: [{ cellId: id(cellId), role }],
  });
  const assignee = async (token?: string) =>
    (await ctx.get(`/api/v1/cells/${id('C1')}/assignee`, token)).body as {
      staffId?: string;
      via?: string;
      kind: string;
      reason: string;
    };
  const setDuty = async (staffId: string, state: string, token?: string) =>
    request(ctx.baseUrl)
      .put(`/api/v1/staff/${id(staffId)}/duty`)
      .set('Authorization', `Bearer ${token ?? (await ctx.adminToken())}`)
      .send({ state, reason: `test: ${state}` });

  beforeAll(async () => {
    await ctx.start();
    // Far from every other suite's territory in the shared test database: only these cells are near.
    await ctx.putTopology({
      feeders: [
        { id: id('F1'), name: 'Line 1' },
        { id: id('F2'), name: 'Line 2' },
      ],
      cells: ['C1', 'C2', 'C3'].map((c) => ({ id: id(c), name: `Village ${c}` })),
      transformers: [
        { id: id('T1'), feederId: id('F1'), cellId: id('C1'), lat: 45.7, lon: 126.6 },
        { id: id('T2'), feederId: id('F1'), cellId: id('C2'), lat: 45.8, lon: 126.6 },
        { id: id('T3'), feederId: id('F2'), cellId: id('C3'), lat: 45.7, lon: 126.65 },
      ],
      staff: [
        staff(1, 'C1', 'primary'),
        staff(2, 'C1', 'backup'),
        staff(3, 'C2', 'primary'),
        staff(4, 'C3', 'primary'),
      ],
    });
  });
  afterAll(() => ctx.stop());

  it('walks the rule from primary to backup to neighbours to the dispatcher queue, saying why', async () => {
    expect(await assignee()).toMatchObject({ kind: 'staff', staffId: id('S1'), via: 'primary' });

    // The primary signs themself off for leave.
    const s1 = await ctx.tokenFor(id('s1'), `pw-${ctx.ns}-s1`);
    await setDuty('S1', 'on_leave', s1).then((r) => expect(r.status).toBe(200));
    expect(await assignee(s1)).toMatchObject({
      staffId: id('S2'),
      via: 'backup',
      reason: 'backup: primary Staff 1 is on leave',
    });

    await setDuty('S2', 'off_duty').then((r) => expect(r.status).toBe(200));
    expect(await assignee()).toMatchObject({
      staffId: id('S3'),
      via: 'neighbour',
      reason: expect.stringContaining(`shares feeder ${id('F1')}`),
    });

    await setDuty('S3', 'on_leave');
    expect(await assignee()).toMatchObject({
      staffId: id('S4'),
      via: 'neighbour',
      reason: expect.stringMatching(/of cell .*C3 \(3\.9 km away\)/),
    });

    await setDuty('S4', 'off_duty');
    expect(await assignee()).toMatchObject({
      kind: 'dispatcher-queue',
      reason: expect.stringContaining('dispatcher queue'),
    });

    const history = (await ctx.get(`/api/v1/staff/${id('S1')}/duty-history`, s1)).body;
    expect(history).toEqual([
      { state: 'on_leave', reason: 'test: on_leave', changedBy: id('s1'), changedAt: expect.any(String) },
    ]);
  });

  it('lets staff change only their own duty and refuses bad requests', async () => {
    const s1 = await ctx.tokenFor(id('s1'), `pw-${ctx.ns}-s1`);
    await setDuty('S2', 'on_duty', s1).then((r) => expect(r.status).toBe(403));
    await ctx.get(`/api/v1/staff/${id('S2')}/duty-history`, s1).then((r) => expect(r.status).toBe(403));
    await setDuty('S1', 'sleeping').then((r) => {
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([expect.stringContaining('state must be one of')]);
    });
    await setDuty('nobody', 'on_duty').then((r) => expect(r.status).toBe(404));
    await ctx.get(`/api/v1/cells/${id('nowhere')}/assignee`).then((r) => expect(r.status).toBe(404));
  });

  it('follows the calendar: leave on it passes the work on, a hand-made change holds until it turns', async () => {
    await setDuty('S1', 'on_duty');
    await setDuty('S2', 'on_duty');
    expect(await assignee()).toMatchObject({ staffId: id('S1'), via: 'primary' });

    const hour = 3_600_000;
    const leave = await ctx.post(`/api/v1/staff/${id('S1')}/shifts`, {
      startsAt: new Date(Date.now() - hour).toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
      state: 'on_leave',
      note: 'sick',
    });
    const shift = leave.body as { id: string; endsAt: string; createdBy: string };
    expect(shift.createdBy).toBe(ctx.admin.username);
    expect((await ctx.get(`/api/v1/staff/${id('S1')}/duty`)).body).toEqual({
      state: 'on_leave',
      since: expect.any(String),
      source: 'calendar',
      reason: `on leave (calendar, until ${shift.endsAt})`,
    });
    expect(await assignee()).toMatchObject({
      staffId: id('S2'),
      reason: 'backup: primary Staff 1 is on leave',
    });

    // Back early: the change by hand wins until the calendar next turns.
    await setDuty('S1', 'on_duty');
    expect(await assignee()).toMatchObject({ staffId: id('S1'), via: 'primary' });
    expect((await ctx.get(`/api/v1/staff/${id('S1')}/duty`)).body).toMatchObject({ source: 'manual' });

    // Cancelled, the entry stays in the calendar with who cancelled it.
    const cancel = await ctx.delete(`/api/v1/staff/${id('S1')}/shifts/${shift.id}`);
    expect(cancel.body).toMatchObject({ id: shift.id, cancelledBy: ctx.admin.username });
    const calendar = (await ctx.get(`/api/v1/staff/${id('S1')}/shifts`)).body as {
      id: string;
      cancelledAt: string;
    }[];
    expect(calendar).toEqual([expect.objectContaining({ id: shift.id, cancelledAt: expect.any(String) })]);
    await ctx.delete(`/api/v1/staff/${id('S1')}/shifts/${shift.id}`, 409);
    await ctx.delete(`/api/v1/staff/${id('S1')}/shifts/abc`, 400);
  });

  it('refuses a calendar entry that ends before it starts', async () => {
    const r = await request(ctx.baseUrl)
      .post(`/api/v1/staff/${id('S1')}/shifts`)
      .set('Authorization', `Bearer ${await ctx.adminToken()}`)
      .send({ startsAt: '2026-12-02T18:00:00+08:00', endsAt: '2026-12-02T08:00:00+08:00', state: 'on_duty' });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('endsAt must be after startsAt');
  });
});
