/**
 * Against a real broker (MQTT_URL, default mqtt://127.0.0.1:1883): faults injected through the control
 * API make the devices behave as in the field, as an MQTT subscriber (the platform) sees it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectAsync, MqttClient } from 'mqtt';
import { brokerProtocols, freePort, waitFor } from '@gridcell/testing';
import type { FaultRecord } from './fault-record.mapper';
import { FleetModel } from './fleet.model';
import { silentLogger } from './sim.logger';
import { RunningSimulator, startSimulator } from './simulator.runner';

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const TOKEN = `test-${randomUUID()}`;
const MIN = 60_000;
// Three minutes of simulated time before the 20:15 boundary (3 s at 60×): room to inject before it.
const START = Date.parse('2026-01-15T20:12:00+08:00');
const B1 = Date.parse('2026-01-15T20:15:00+08:00');
const B2 = B1 + 15 * MIN;

const simNow = (health: { body: Record<string, unknown> }) => Date.parse(health.body.simNow as string);

interface Message {
  topic: string;
  body: unknown;
}

/** A stand-in for the platform's HTTP API: signs in, and has no fault-report endpoint yet (404). */
async function fakePlatform(): Promise<{
  url: string;
  server: Server;
  reports: { auth?: string; body: unknown }[];
}> {
  const reports: { auth?: string; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/auth/token') {
        res.end(JSON.stringify({ accessToken: 'platform-token', expiresIn: 3600 }));
        return;
      }
      if (req.url === '/api/v1/fault-reports')
        reports.push({ auth: req.headers.authorization, body: JSON.parse(data) });
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'Cannot POST', statusCode: 404 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, reports };
}

describe('fault injection (control API, MQTT behaviour, ground truth)', () => {
  const prefix = `simfault-${randomUUID().slice(0, 8)}`;
  let sim: RunningSimulator;
  let observer: MqttClient;
  let platform: Awaited<ReturnType<typeof fakePlatform>>;
  let healthy: FleetModel;
  const messages: Message[] = [];
  let control = '';

  const api = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
    const res = await fetch(`${control}${path}`, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & FaultRecord };
  };
  const on = (topic: string) => messages.filter((m) => m.topic === `${prefix}/${topic}`);
  const bodies = (topic: string) => on(topic).map((m) => m.body as Record<string, unknown>);
  const readingsOf = (meterId: string, ts: number) =>
    messages
      .filter((m) => m.topic.endsWith('/readings') || m.topic.endsWith('/reading'))
      .flatMap((m) => ([] as Record<string, unknown>[]).concat(m.body as Record<string, unknown>))
      .filter(
        (r) => r.meterId === meterId && (typeof r.ts === 'number' ? r.ts : Date.parse(r.ts as string)) === ts,
      );
  const pingAnswered = async (dark: string[], lit: string): Promise<string[]> => {
    const ids = [...dark, lit].map((meterId) => ({ meterId, requestId: `r-${randomUUID()}` }));
    for (const { meterId, requestId } of ids) {
      await observer.publishAsync(
        `${prefix}/meters/${meterId}/cmd`,
        JSON.stringify({ requestId, op: 'read' }),
        { qos: 1 },
      );
    }
    const replied = () =>
      new Set(
        messages
          .filter((m) => m.topic.endsWith('/reply'))
          .map((m) => (m.body as { requestId: string }).requestId),
      );
    // Commands are handled in order: once the lit meter has answered, the others have had their chance.
    await waitFor(
      () => replied().has(ids[ids.length - 1].requestId),
      10_000,
      () => `a reply from ${lit}`,
    );
    return ids.filter((i) => replied().has(i.requestId)).map((i) => i.meterId);
  };

  // seed 21: T01-01 and T01-02 report through their concentrators, T01-03 has a three-phase meter.
  const T_OUT = 'T01-01';
  const G_OUT = 'G-T01-01';
  const G_COMM = 'G-T01-02';
  const T_SAG = 'T01-03';

  beforeAll(async () => {
    platform = await fakePlatform();
    observer = await connectAsync(MQTT_URL, {
      protocolVersion: brokerProtocols()[0],
      clientId: `${prefix}-observer`,
    });
    observer.on('message', (topic, payload) =>
      messages.push({ topic, body: JSON.parse(payload.toString()) }),
    );
    await observer.subscribeAsync(`${prefix}/#`, { qos: 1 });
    sim = await startSimulator({
      register: false,
      apiUrl: platform.url,
      adminUsername: 'admin',
      adminPassword: 'admin-password',
      mqttUrl: MQTT_URL,
      topicPrefix: prefix,
      clientIdPrefix: prefix,
      seed: 21,
      feeders: 1,
      transformers: 3,
      meters: 40,
      backfillHours: 0,
      speed: 60,
      startAt: START,
      controlPort: await freePort(),
      controlToken: TOKEN,
      callShare: 1,
      callDelayFactor: 0.01,
      logger: silentLogger,
    });
    control = sim.control!.url;
    healthy = new FleetModel(sim.county, { timeZone: sim.config.timeZone });
  });

  afterAll(async () => {
    await sim?.stop();
    await observer?.endAsync();
    platform?.server.close();
  });

  const metersOf = (t: string) => sim.topology.meters.filter((m) => m.transformerId === t);
  const relayedBy = (g: string) =>
    sim.topology.meters.filter((m) => m.gatewayId === g && sim.county.sim.meters[m.id].uplink === 'gateway');

  it('refuses requests without the right token, and bad faults with a 400 that says why', async () => {
    expect((await api('GET', '/health', undefined, null)).status).toBe(401);
    expect((await api('GET', '/faults', undefined, 'wrong')).status).toBe(401);
    expect(await api('GET', '/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', ready: true, speed: 60 },
    });
    const bad = async (body: unknown) => {
      const res = await api('POST', '/faults', body);
      expect(res.status).toBe(400);
      return res.body.error as string;
    };
    expect(await bad({ kind: 'transformer-outage', assetId: 'T99-99' })).toContain(
      '"T99-99" is not one in this county',
    );
    expect(await bad({ kind: 'earthquake', assetId: T_OUT })).toContain('kind must be one of');
    expect(await bad({ kind: 'transformer-outage', assetId: T_OUT, duration: 'forever' })).toContain(
      'duration',
    );
    expect((await api('GET', '/faults/f404')).status).toBe(404);
    expect((await api('GET', '/faults')).body).toEqual([]);
  });

  it('outage: last gasps 30-45 s in, the concentrator says power_down then its will fires; comm loss: only the will', async () => {
    const out = await api('POST', '/faults', {
      kind: 'transformer-outage',
      assetId: T_OUT,
      duration: '60m',
      lastGaspP: 1,
    });
    const comm = await api('POST', '/faults', {
      kind: 'gateway-comm-loss',
      assetId: G_COMM,
      duration: '60m',
    });
    const sag = await api('POST', '/faults', {
      kind: 'voltage-sag',
      assetId: T_SAG,
      depth: 0.85,
      duration: '60m',
    });
    expect([out.status, comm.status, sag.status]).toEqual([201, 201, 201]);
    expect(out.body).toMatchObject({
      id: 'f1',
      scope: 'transformer',
      incidentKind: 'outage',
      status: 'active',
    });
    expect(out.body.deenergizedMeterIds).toEqual(
      metersOf(T_OUT)
        .map((m) => m.id)
        .sort(),
    );
    expect(comm.body).toMatchObject({ id: 'f2', incidentKind: 'communication', deenergizedMeterIds: [] });
    const startedAt = Date.parse(out.body.startAt);

    await waitFor(
      () => bodies(`gateways/${G_OUT}/status`).some((b) => b.state === 'offline'),
      15_000,
      () => 'the will',
    );
    expect(bodies(`gateways/${G_OUT}/status`).map((b) => b.state)).toEqual([
      'online',
      'power_down',
      'offline',
    ]);
    expect(bodies(`gateways/${G_OUT}/status`)[2]).toEqual({ state: 'offline' });
    await waitFor(
      () => bodies(`gateways/${G_COMM}/status`).length >= 2,
      15_000,
      () => 'the comm-loss will',
    );
    expect(bodies(`gateways/${G_COMM}/status`)).toEqual([
      expect.objectContaining({ state: 'online' }),
      { state: 'offline' },
    ]);

    const capable = metersOf(T_OUT).filter((m) => m.lastGasp);
    const gasps = capable.flatMap((m) =>
      bodies(`meters/${m.id}/event`).filter((e) => e.type === 'power_down'),
    );
    expect(gasps).toHaveLength(capable.length);
    for (const g of gasps) {
      const ts = typeof g.ts === 'number' ? g.ts : Date.parse(g.ts as string);
      expect(ts - startedAt).toBeGreaterThanOrEqual(29_000);
      expect(ts - startedAt).toBeLessThanOrEqual(46_000);
    }
    const incapable = metersOf(T_OUT).filter((m) => !m.lastGasp);
    expect(incapable.flatMap((m) => on(`meters/${m.id}/event`))).toEqual([]);
    expect(relayedBy(G_COMM).flatMap((m) => on(`meters/${m.id}/event`))).toEqual([]);

    const truth = (await api('GET', '/faults/f1')).body;
    expect(truth.lastGasps.map((g) => g.meterId).sort()).toEqual(capable.map((m) => m.id).sort());
    expect(truth.gatewayPowerDowns.map((g) => g.gatewayId)).toEqual([G_OUT]);
  });

  it('pings go unanswered in the dark area and behind the cut-off concentrator, and are answered elsewhere', async () => {
    const lit = metersOf(T_SAG)[0].id;
    const answered = await pingAnswered([metersOf(T_OUT)[0].id, relayedBy(G_COMM)[0].id], lit);
    expect(answered).toEqual([lit]);
  });

  it('customers of the dark area phone in; every call is recorded with the status the platform gave', async () => {
    const expected = metersOf(T_OUT).length;
    await waitFor(
      async () => (await api('GET', '/faults/f1')).body.customerCalls.length >= expected,
      15_000,
      () => 'the calls',
    );
    const { customerCalls } = (await api('GET', '/faults/f1')).body;
    expect(customerCalls.every((c) => c.status === 404 && typeof c.description === 'string')).toBe(true);
    expect(platform.reports.map((r) => (r.body as { meterId: string }).meterId).sort()).toEqual(
      metersOf(T_OUT)
        .map((m) => m.id)
        .sort(),
    );
    expect(platform.reports.every((r) => r.auth === 'Bearer platform-token')).toBe(true);
    expect((await api('GET', '/faults/f2')).body.customerCalls).toEqual([]);
  });

  it('at 20:15 the dark area and the cut-off concentrator send nothing; the sagging area reports lowered voltages', async () => {
    const sagging = metersOf(T_SAG);
    await waitFor(
      () => sagging.every((m) => readingsOf(m.id, B1).length > 0),
      20_000,
      () => 'the 20:15 readings',
    );
    // Every upload of an interval is within uploadSpreadS (10 s) of its boundary.
    await waitFor(
      async () => simNow(await api('GET', '/health')) >= B1 + 11_000,
      5_000,
      () => 'the upload spread',
    );
    expect(metersOf(T_OUT).flatMap((m) => readingsOf(m.id, B1))).toEqual([]);
    expect(relayedBy(G_COMM).flatMap((m) => readingsOf(m.id, B1))).toEqual([]);
    for (const m of sagging) {
      const [r] = readingsOf(m.id, B1);
      const volts = ([] as number[]).concat(r.voltageV as number[]);
      const normal = ([] as number[]).concat(healthy.readingAt(m.id, B1).voltageV);
      volts.forEach((v, p) => expect(v).toBeCloseTo(normal[p] * 0.85, 0));
    }
  });

  it('restoring: concentrators come back online and upload their backlog; meters say power_up; registers stay flat over the gap', async () => {
    expect((await api('DELETE', '/faults/f1')).body).toMatchObject({ status: 'ended', endedEarly: true });
    expect((await api('DELETE', '/faults/f2')).status).toBe(200);
    expect((await api('DELETE', '/faults/f2')).status).toBe(409);

    await waitFor(
      () => bodies(`gateways/${G_OUT}/status`).length >= 4,
      15_000,
      () => 'the outage gateway back online',
    );
    expect(bodies(`gateways/${G_OUT}/status`)[3].state).toBe('online');
    const relayedUp = relayedBy(G_OUT);
    await waitFor(
      () =>
        relayedUp.filter((m) => bodies(`meters/${m.id}/event`).some((e) => e.type === 'power_up')).length >=
        relayedUp.length - 2,
      15_000,
      () => 'power_up events',
    );
    // Relayed events wait for the concentrator: they arrive after it has said it is online.
    const onlineIndex = messages.lastIndexOf(on(`gateways/${G_OUT}/status`)[3]);
    const firstUp = messages.findIndex(
      (m) =>
        relayedUp.some((r) => m.topic === `${prefix}/meters/${r.id}/event`) &&
        (m.body as { type: string }).type === 'power_up',
    );
    expect(firstUp).toBeGreaterThan(onlineIndex);

    // The cut-off concentrator uploads what it measured in the gap, with the consumption in the registers.
    const buffered = relayedBy(G_COMM);
    await waitFor(
      () => buffered.every((m) => readingsOf(m.id, B1).length === 1),
      15_000,
      () => 'the backlog',
    );
    expect(bodies(`gateways/${G_COMM}/status`).map((b) => b.state)).toEqual(['online', 'offline', 'online']);
    for (const m of buffered)
      expect(readingsOf(m.id, B1)[0].energyKwh).toBe(healthy.readingAt(m.id, B1).energyKwh);

    expect(await pingAnswered([], metersOf(T_OUT)[0].id)).toEqual([metersOf(T_OUT)[0].id]);

    const dark = metersOf(T_OUT);
    await waitFor(
      () => dark.every((m) => readingsOf(m.id, B2).length > 0),
      25_000,
      () => 'the 20:30 readings',
    );
    const truth = (await api('GET', '/faults/f1')).body;
    const outFor = Date.parse(truth.endedAt!) - Date.parse(truth.startAt);
    expect(outFor).toBeGreaterThan(MIN);
    for (const m of dark) {
      const [r] = readingsOf(m.id, B2);
      expect(r.energyKwh).toBe(sim.model.readingAt(m.id, B2).energyKwh);
      const lost = healthy.readingAt(m.id, B2).energyKwh - (r.energyKwh as number);
      const expectedLost =
        healthy.readingAt(m.id, Date.parse(truth.endedAt!)).energyKwh -
        healthy.readingAt(m.id, Date.parse(truth.startAt)).energyKwh;
      expect(lost).toBeCloseTo(expectedLost, 1);
    }
    const all = (await api('GET', '/faults')).body as unknown as FaultRecord[];
    expect(all.map((f) => [f.id, f.status])).toEqual([
      ['f1', 'ended'],
      ['f2', 'ended'],
      ['f3', 'active'],
    ]);
  });
});
