import request from 'supertest';
import type { IncidentView, WorkOrderHistoryEntry, WorkOrderView } from '@gridcell/contracts';
import { waitFor } from '@gridcell/testing';
import { FakeMeters } from './fake-meters';
import { IngestContext } from './ingest-context';

/** Short clocks so the loop runs in seconds; the rules are those of production. */
const DETECTION = { OUTAGE_MOMENTARY_MAX_S: '3', OUTAGE_PING_TIMEOUT_S: '2', OUTAGE_COMM_HOLD_S: '3' };
const API = {
  OUTAGE_MOMENTARY_MAX_S: '3',
  FAULT_REPORT_PING_TIMEOUT_S: '2',
  SLA_TARGETS: JSON.stringify({ scheduled_inspection: { rural: { respond: '0.1m' } } }),
};

/**
 * The service loop end to end (受理-查处-反馈): an outage found by the meters becomes one work
 * order with its cell's primary, or its backup when the primary is on leave; the crew steps it
 * through to closure and the customer rates it; a customer's report before detection opens the
 * order and detection joins it; a report after detection joins the incident; an order past its
 * deadline escalates.
 */
describe('service loop: incidents, work orders, reports and ratings', () => {
  const ctx = new IngestContext({}, API);
  const meters = new FakeMeters(ctx);
  const id = (x: string) => `${ctx.ns}-${x}`;
  const areaMeters = (t: string) => Array.from({ length: 6 }, (_, i) => id(`${t}-M${i}`));
  const tokens: Record<string, string> = {};

  const incidentOn = (assetId: string) =>
    waitFor(
      async () =>
        ((await ctx.get('/api/v1/incidents?status=all')).body as IncidentView[]).find(
          (i) => i.assetId === assetId,
        ),
      20_000,
      () => `an incident on ${assetId}`,
    );
  const ordersOf = async (incidentId: string) =>
    (await ctx.get(`/api/v1/work-orders?incidentId=${incidentId}`)).body as WorkOrderView[];
  const orderFor = (incidentId: string) =>
    waitFor(
      async () => (await ordersOf(incidentId))[0],
      20_000,
      () => `a work order for ${incidentId}`,
    );
  const step = (orderId: string, body: object, token: string) =>
    request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${orderId}/steps`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
  const outage = async (t: string) => {
    for (const m of areaMeters(t)) meters.powered.delete(m);
    await meters.gateway(id(`G${t}`), 'power_down');
    await meters.event(areaMeters(t)[0], 'power_down');
  };

  beforeAll(async () => {
    await ctx.start();
    const staff = (n: string, cell: string, role: 'primary' | 'backup') => ({
      id: id(`S${n}`),
      name: `Staff ${n}`,
      username: id(`s${n}`),
      password: `pw-${ctx.ns}-${n}`,
      cells: [{ cellId: id(cell), role }],
    });
    await ctx.putTopology({
      feeders: [1, 2, 3].map((f) => ({ id: id(`F${f}`), name: `Line ${f}` })),
      cells: ['C1', 'C2', 'C3'].map((c) => ({ id: id(c), name: `Village ${c}` })),
      transformers: [1, 2, 3].map((t) => ({ id: id(`T${t}`), feederId: id(`F${t}`), cellId: id(`C${t}`) })),
      gateways: [1, 2, 3].map((t) => ({ id: id(`G${t}`), transformerId: id(`T${t}`) })),
      customers: [1, 2, 3].flatMap((t) =>
        areaMeters(String(t)).map((m, i) => ({
          id: `${m}-K`,
          name: `Customer ${m}`,
          vulnerable: false,
          ...(i === 0 ? { password: `pw-${m}` } : {}),
        })),
      ),
      meters: [1, 2, 3].flatMap((t) =>
        areaMeters(String(t)).map((m) => ({
          id: m,
          transformerId: id(`T${t}`),
          gatewayId: id(`G${t}`),
          customerId: `${m}-K`,
        })),
      ),
      staff: [
        staff('1', 'C1', 'primary'),
        staff('2', 'C1', 'backup'),
        staff('3', 'C2', 'primary'),
        staff('4', 'C2', 'backup'),
        staff('5', 'C3', 'primary'),
      ],
    });
    for (const n of ['1', '2', '3', '4', '5'])
      tokens[`s${n}`] = await ctx.tokenFor(id(`s${n}`), `pw-${ctx.ns}-${n}`);
    for (const t of ['1', '2', '3'])
      tokens[`k${t}`] = await ctx.tokenFor(`${id(`${t}-M0`)}-K`, `pw-${id(`${t}-M0`)}`);
    for (const t of ['1', '2', '3']) for (const m of areaMeters(t)) meters.powered.add(m);
    await meters.start();
    await ctx.startDetector(DETECTION);
    for (const t of ['1', '2', '3']) await meters.read(id(`G${t}`), areaMeters(t));
  });
  afterAll(() => ctx.stop());

  it('turns a detected outage into one order with the on-duty primary, and steps it through to closure with a rating', async () => {
    await outage('1');
    const incident = await incidentOn(id('T1'));
    const order = await orderFor(incident.id);
    expect(order).toMatchObject({
      type: 'outage_repair',
      status: 'assigned',
      cellId: id('C1'),
      assigneeId: id('S1'),
      assignmentReason: 'primary',
      priority: 2,
      sla: 'on_track',
    });
    // Rural target: crew on site within 90 minutes.
    expect(Date.parse(order.respondDueAt!) - Date.parse(order.createdAt)).toBe(90 * 60_000);
    // The incident now names its order and crew.
    await waitFor(async () => (await incidentOn(id('T1'))).workOrderId === order.id, 10_000);

    // A customer calls after detection: the report joins the incident and is told who is coming.
    const report = await request(ctx.baseUrl)
      .post('/api/v1/fault-reports')
      .set('Authorization', `Bearer ${tokens.k1}`)
      .send({ meterId: id('1-M0'), description: 'no power' });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({
      incidentId: incident.id,
      alreadyKnown: true,
      workOrderId: order.id,
      known: { crew: 'Staff 1', status: 'assigned' },
    });

    const s1 = tokens.s1;
    await step(order.id, { step: 'on_site' }, s1).then((r) => {
      expect(r.status).toBe(409);
      expect(r.body.message).toBe('cannot on site a work order that is assigned (only from: en_route)');
    });
    await step(order.id, { step: 'accept' }, tokens.s3).then((r) => expect(r.status).toBe(404));
    for (const s of [
      { step: 'accept' },
      { step: 'en_route', lat: 30.1, lon: 114.2 },
      { step: 'on_site', lat: 30.11, lon: 114.21 },
    ])
      await step(order.id, s, s1).then((r) => expect(r.status).toBe(200));
    for (const m of areaMeters('1')) meters.powered.add(m);
    for (const m of areaMeters('1')) await meters.event(m, 'power_up');
    const resolved = await step(order.id, { step: 'resolve', note: 'replaced the blown fuse' }, s1);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'replaced the blown fuse',
      sla: 'met',
    });

    const rated = await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${order.id}/rating`)
      .set('Authorization', `Bearer ${tokens.k1}`)
      .send({ score: 5, comment: 'quick' });
    expect(rated.body).toMatchObject({ status: 'feedback_given', rating: 5 });
    const closed = await step(order.id, { step: 'close' }, s1);
    expect(closed.body.status).toBe('closed');

    const history = (await ctx.get(`/api/v1/work-orders/${order.id}/history`))
      .body as WorkOrderHistoryEntry[];
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining([
        'created',
        'assigned',
        'accept',
        'en_route',
        'on_site',
        'resolve',
        'rated',
        'feedback',
        'close',
      ]),
    );
    expect(history.find((h) => h.action === 'on_site')).toMatchObject({
      actor: id('s1'),
      lat: 30.11,
      lon: 114.21,
    });
    await waitFor(
      async () =>
        ((await ctx.get(`/api/v1/work-orders/${order.id}/history`)).body as WorkOrderHistoryEntry[]).some(
          (h) => h.action === 'incident_restored',
        ),
      10_000,
    );
    const notes = (await ctx.get('/api/v1/notifications', tokens.k1)).body as { kind: string }[];
    expect(notes.map((n) => n.kind)).toEqual(
      expect.arrayContaining(['fault_report.known', 'workorder.resolved']),
    );
  });

  it('gives the order to the backup when the primary is on leave, saying why', async () => {
    await request(ctx.baseUrl)
      .put(`/api/v1/staff/${id('S3')}/duty`)
      .set('Authorization', `Bearer ${tokens.s3}`)
      .send({ state: 'on_leave', reason: 'annual leave' })
      .expect(200);
    await outage('2');
    const order = await orderFor((await incidentOn(id('T2'))).id);
    expect(order).toMatchObject({
      assigneeId: id('S4'),
      assignmentReason: 'backup: primary Staff 3 is on leave',
    });
  });

  it('opens the order from a customer report before detection, and detection joins it', async () => {
    meters.powered.delete(id('3-M0'));
    const report = await request(ctx.baseUrl)
      .post('/api/v1/fault-reports')
      .set('Authorization', `Bearer ${tokens.k3}`)
      .send({ meterId: id('3-M0') });
    expect(report.body).toMatchObject({ incidentId: null, alreadyKnown: false });
    expect(report.body.diagnosis).toMatch(/did not answer/);
    const opened = (await ctx.get(`/api/v1/work-orders/${report.body.workOrderId}`)).body as WorkOrderView;
    expect(opened).toMatchObject({ type: 'outage_repair', assigneeId: id('S5'), meterId: id('3-M0') });

    await outage('3');
    const incident = await incidentOn(id('T3'));
    await waitFor(
      async () => (await ordersOf(incident.id)).length === 1,
      20_000,
      () => 'the incident joined to the order',
    );
    expect((await ordersOf(incident.id)).map((o) => o.id)).toEqual([opened.id]);
  });

  it('tells a fault inside the home from one on the network: the meter answers with normal voltage', async () => {
    const report = await request(ctx.baseUrl)
      .post('/api/v1/fault-reports')
      .set('Authorization', `Bearer ${tokens.s1}`)
      .send({ meterId: id('1-M3'), description: 'lights out in the kitchen' });
    expect(report.status).toBe(201);
    expect(report.body.diagnosis).toBe(
      'the meter answered with 221.0 V: supply is normal at the meter, customer-side fault likely (inside the home)',
    );
  });

  it('stops the clock only with a supervisor’s approval, and shows the pause', async () => {
    const created = await ctx.post('/api/v1/work-orders', {
      type: 'meter_fault',
      title: 'Meter display dead',
      meterId: id('1-M4'),
    });
    const order = created.body as WorkOrderView;
    const pause = await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${order.id}/pauses`)
      .set('Authorization', `Bearer ${tokens.s1}`)
      .send({ reason: 'weather', note: 'storm' });
    expect(pause.status).toBe(201);
    await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${order.id}/pauses/${pause.body.id}/decision`)
      .set('Authorization', `Bearer ${tokens.s1}`)
      .send({ approve: true })
      .expect(403);
    const approved = await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${order.id}/pauses/${pause.body.id}/decision`)
      .set('Authorization', `Bearer ${await ctx.adminToken()}`)
      .send({ approve: true });
    expect(approved.body).toMatchObject({ sla: 'paused', pausedSince: expect.any(String) });
    await waitFor(
      async () => ((await ctx.get(`/api/v1/work-orders/${order.id}`)).body as WorkOrderView).pausedMs > 0,
      5_000,
    );
    const resumed = await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${order.id}/pauses/${pause.body.id}/end`)
      .set('Authorization', `Bearer ${tokens.s1}`);
    expect(resumed.body).toMatchObject({ sla: 'on_track', pausedSince: null });
    expect(Date.parse(resumed.body.respondDueAt)).toBe(
      Date.parse(order.respondDueAt!) + resumed.body.pausedMs,
    );
  });

  it('escalates an order whose deadline passes', async () => {
    const created = await ctx.post('/api/v1/work-orders', {
      type: 'scheduled_inspection',
      title: 'Check poles',
      cellId: id('C1'),
    });
    const order = created.body as WorkOrderView;
    const late = await waitFor(
      async () => {
        const o = (await ctx.get(`/api/v1/work-orders/${order.id}`)).body as WorkOrderView;
        return o.escalatedAt ? o : null;
      },
      20_000,
      () => 'an escalation',
    );
    expect(late.sla).toBe('overdue');
    const history = (await ctx.get(`/api/v1/work-orders/${order.id}/history`))
      .body as WorkOrderHistoryEntry[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['at_risk', 'escalated']));
    const overdue = (await ctx.get('/api/v1/work-orders?sla=overdue')).body as WorkOrderView[];
    expect(overdue.map((o) => o.id)).toContain(order.id);
  });

  it('answers a customer’s complaint within its clock, and reopens it after an unhappy rating', async () => {
    const opened = await ctx.post(
      '/api/v1/work-orders',
      { type: 'complaint', title: 'Bill too high', description: 'doubled this month' },
      tokens.k2,
    );
    const complaint = opened.body as WorkOrderView;
    expect(complaint).toMatchObject({ type: 'complaint', customerId: `${id('2-M0')}-K`, cellId: id('C2') });
    const assignee = complaint.assigneeId === id('S4') ? tokens.s4 : tokens.s3;
    await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${complaint.id}/answer`)
      .set('Authorization', `Bearer ${assignee}`)
      .send({ text: 'The meter was read twice; corrected.' })
      .expect(200);
    const seen = (await ctx.get(`/api/v1/work-orders/${complaint.id}`, tokens.k2)).body as WorkOrderView;
    expect(seen).toMatchObject({
      answer: 'The meter was read twice; corrected.',
      respondedAt: expect.any(String),
    });
    for (const s of ['accept', 'resolve'])
      await step(complaint.id, { step: s }, assignee).then((r) => expect(r.status).toBe(200));
    const unhappy = await request(ctx.baseUrl)
      .post(`/api/v1/work-orders/${complaint.id}/rating`)
      .set('Authorization', `Bearer ${tokens.k2}`)
      .send({ score: 1, comment: 'still wrong' });
    expect(unhappy.body).toMatchObject({ status: 'assigned', rating: 1, escalatedAt: expect.any(String) });
    await ctx.get(`/api/v1/work-orders/${complaint.id}`, tokens.k1).then((r) => expect(r.status).toBe(404));
  });
});
