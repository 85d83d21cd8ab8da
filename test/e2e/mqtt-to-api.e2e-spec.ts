import request from 'supertest';
import { smallTerritory, waitFor, waitForEqual } from '@gridcell/testing';
import { IngestContext } from './ingest-context';

const T0 = Date.parse('2026-11-27T00:00:00+08:00');
const QUARTER = 900_000;

describe('a meter publishes over MQTT and a user reads it back through the API', () => {
  const ctx = new IngestContext();
  const meter = (i: number) => `${ctx.ns}-M${i}`;

  beforeAll(async () => {
    await ctx.start();
    await request(ctx.baseUrl)
      .put('/api/v1/topology')
      .set('Authorization', `Bearer ${await ctx.adminToken()}`)
      .send(smallTerritory(ctx.ns, 3))
      .expect(200);
  });
  afterAll(() => ctx.stop());

  it('reports itself healthy', async () => {
    await request(ctx.baseUrl).get('/health').expect(200, { status: 'ok', database: 'up', broker: 'up' });
  });

  it('stores single readings and gateway batches, and serves them as readings and usage', async () => {
    // Meter 0 reports itself every 15 minutes for a day: 0.25 kWh per quarter, ISO times.
    for (let q = 0; q <= 96; q++) {
      await ctx.publish(`meters/${meter(0)}/reading`, {
        ts: new Date(T0 + q * QUARTER).toISOString().replace('Z', '+00:00'),
        energyKwh: 1000 + q * 0.25,
        voltageV: 221.5,
      });
    }
    // The concentrator uploads meters 1 and 2 in one batch, epoch-ms times, three-phase for meter 2.
    const batch = [];
    for (let q = 0; q <= 8; q++) {
      batch.push({ meterId: meter(1), ts: T0 + q * QUARTER, energyKwh: 50 + q });
      batch.push({
        meterId: meter(2),
        ts: T0 + q * QUARTER,
        energyKwh: 10,
        voltageV: [230, 231, 229],
        currentA: [1, 2, 3],
      });
    }
    await ctx.publish(`gateways/${ctx.ns}-G1/readings`, batch);

    const day = `from=2026-11-27T00:00:00%2B08:00&to=2026-11-28T00:00:00%2B08:00`;
    const readings = await waitFor(async () => {
      const body = (await ctx.get(`/api/v1/meters/${meter(0)}/readings?${day}&limit=200`)).body as unknown[];
      return body.length === 96 ? body : null;
    });
    expect(readings[0]).toEqual({
      ts: new Date(T0).toISOString(),
      energyKwh: 1000,
      voltageV: 221.5,
      currentA: null,
      powerKw: null,
      powerFactor: null,
      frequencyHz: null,
    });
    const threePhase = (await ctx.get(`/api/v1/meters/${meter(2)}/readings?${day}&limit=1`)).body;
    expect(threePhase[0]).toMatchObject({ voltageV: [230, 231, 229], currentA: [1, 2, 3] });

    // 24 hours of 1 kWh each, starting at local midnight; the whole day is 24 kWh. The rollup
    // follows ingest asynchronously: wait for the answer, not for a fixed time.
    const usage = async (meterId: string, granularity: string) =>
      (await ctx.get(`/api/v1/meters/${meterId}/usage?${day}&granularity=${granularity}`)).body as unknown;
    const hours = Array.from({ length: 24 }, (_, h) => ({
      start: new Date(T0 + h * 3_600_000).toISOString(),
      kwh: 1,
    }));
    await waitForEqual(() => usage(meter(0), 'hour'), hours);
    expect(await usage(meter(0), 'day')).toEqual([{ start: new Date(T0).toISOString(), kwh: 24 }]);
    await waitForEqual(() => usage(meter(1), 'day'), [{ start: new Date(T0).toISOString(), kwh: 8 }]);
  });

  it('stores a re-delivered reading once', async () => {
    const reading = { ts: T0 + 120 * QUARTER, energyKwh: 2000 };
    await ctx.publish(`meters/${meter(1)}/reading`, reading);
    await ctx.publish(`meters/${meter(1)}/reading`, reading);
    await ctx.publish(`gateways/${ctx.ns}-G1/readings`, [{ ...reading, meterId: meter(1) }]);
    const range = `from=2026-11-28T05:00:00%2B08:00&to=2026-11-28T09:00:00%2B08:00`;
    const stored = await waitFor(async () => {
      const body = (await ctx.get(`/api/v1/meters/${meter(1)}/readings?${range}`)).body as unknown[];
      return body.length ? body : null;
    });
    // Publish a marker after the duplicates; once it is stored, the duplicates have been handled.
    await ctx.publish(`meters/${meter(1)}/reading`, { ts: T0 + 121 * QUARTER, energyKwh: 2001 });
    await waitFor(
      async () =>
        ((await ctx.get(`/api/v1/meters/${meter(1)}/readings?${range}`)).body as unknown[]).length === 2,
    );
    expect(stored).toHaveLength(1);
  });

  it('quarantines bad input with its reason and raw payload, and keeps ingesting', async () => {
    const good = { ts: T0 + 150 * QUARTER, energyKwh: 5000 };
    await ctx.publish(`meters/${meter(1)}/reading`, '{"ts": oops');
    await ctx.publish(`meters/${meter(1)}/reading`, { ts: T0, energyKwh: 'many' });
    await ctx.publish(`meters/${meter(1)}/reading`, { energyKwh: 1 });
    await ctx.publish(`meters/${ctx.ns}-nobody/reading`, { ts: T0, energyKwh: 1 });
    await ctx.publish(`meters/${meter(1)}/reading`, { meterId: meter(2), ts: T0, energyKwh: 1 });
    await ctx.publish(`meters/${meter(1)}/reading`, { ts: Date.now() + 3_600_000, energyKwh: 1 });
    await ctx.publish(`meters/${meter(1)}/reading`, { ts: T0, voltageV: Number.MAX_VALUE });
    await ctx.publish(`meters/${meter(1)}/reading`, good);
    await ctx.publish(`meters/${meter(1)}/reading`, { ts: T0 + 151 * QUARTER, energyKwh: 4000 });
    await ctx.publish(`gateways/${ctx.ns}-G1/readings`, Buffer.alloc(5 * 1024 * 1024, 0x20).toString());
    const items = await ctx.quarantined(9);
    const reasons = items.map((i) => i.reason).join('\n');
    for (const expected of [
      /not valid JSON/,
      /energyKwh must be number/,
      /required property 'ts'/,
      /unknown meter/,
      /does not match the topic/,
      /in the future/,
      /voltageV must be/,
      /decreased from 5000 kWh/,
      /exceeds 4194304/,
    ]) {
      expect(reasons).toMatch(expected);
    }
    expect(items.find((i) => /not valid JSON/.test(i.reason))).toMatchObject({
      topic: `${ctx.prefix}/meters/${meter(1)}/reading`,
      payload: '{"ts": oops',
    });
    // Ingest carried on: the good reading is stored (commits may finish in either order).
    const stored = async () =>
      (
        (
          await ctx.get(
            `/api/v1/meters/${meter(1)}/readings?from=2026-11-28T12:00:00%2B08:00&to=2026-11-28T14:00:00%2B08:00`,
          )
        ).body as {
          energyKwh: number;
        }[]
      ).map((r) => r.energyKwh);
    await waitForEqual(stored, [5000]);
  });

  it("shows a customer their own meter and nobody else's", async () => {
    const token = await ctx.tokenFor(`${ctx.ns}-K1`, `pw-${ctx.ns}-1`);
    await ctx
      .get(`/api/v1/meters/${meter(1)}/usage?granularity=day`, token)
      .then((r) => expect(r.status).toBe(200));
    await ctx.get(`/api/v1/meters/${meter(0)}/usage`, token).then((r) => expect(r.status).toBe(404));
    await ctx.get(`/api/v1/meters/${meter(0)}/readings`, token).then((r) => expect(r.status).toBe(404));
    await ctx.get('/api/v1/quarantine', token).then((r) => expect(r.status).toBe(403));
    await request(ctx.baseUrl)
      .put('/api/v1/topology')
      .set('Authorization', `Bearer ${token}`)
      .send({})
      .expect(403);
    await request(ctx.baseUrl)
      .get(`/api/v1/meters/${meter(1)}/usage`)
      .expect(401);
  });

  it('serves the territory to the consoles, scoped to who asks', async () => {
    expect((await ctx.get(`/api/v1/cells/${ctx.ns}-C1`)).body).toEqual({
      id: `${ctx.ns}-C1`,
      name: 'Liuhe Village',
      areaClass: 'rural',
      access: 'edit',
      boundary: null,
      staff: [],
      transformers: 1,
      meters: 3,
      customers: 3,
    });
    const area = (await ctx.get(`/api/v1/transformers/${ctx.ns}-T1`)).body as {
      gateways: string[];
      meters: { id: string; lastReadingAt: string | null }[];
    };
    expect(area.gateways).toEqual([`${ctx.ns}-G1`]);
    expect(area.meters.map((m) => m.id)).toEqual([meter(0), meter(1), meter(2)]);
    expect(area.meters[0].lastReadingAt).toBe(new Date(T0 + 96 * QUARTER).toISOString());

    const own = await ctx.tokenFor(`${ctx.ns}-K1`, `pw-${ctx.ns}-1`);
    expect((await ctx.get(`/api/v1/customers/${ctx.ns}-K1`, own)).body).toMatchObject({
      id: `${ctx.ns}-K1`,
      meters: [{ id: meter(1), transformerId: `${ctx.ns}-T1`, cellId: `${ctx.ns}-C1` }],
    });
    const other = await ctx.tokenFor(`${ctx.ns}-K0`, `pw-${ctx.ns}-0`);
    await ctx.get(`/api/v1/customers/${ctx.ns}-K1`, other).then((r) => expect(r.status).toBe(404));
    await ctx.get('/api/v1/cells', other).then((r) => expect(r.status).toBe(403));
    await ctx.get(`/api/v1/transformers/${ctx.ns}-T1`, other).then((r) => expect(r.status).toBe(403));
  });

  it('refuses a bad query with a 400 that says what is wrong', async () => {
    const res = await ctx.get(`/api/v1/meters/${meter(0)}/usage?granularity=week&from=yesterday`);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/from must be ISO-8601/),
        expect.stringMatching(/granularity must be one of/),
      ]),
    );
  });
});
