import type { IncidentView } from '@gridcell/contracts';
import { waitFor } from '@gridcell/testing';
import { FakeMeters } from './fake-meters';
import { IngestContext, QUICK_DETECTION } from './ingest-context';

/**
 * Device evidence published through the real broker, the detector and API as separate processes:
 * the incidents the API returns are what a dispatcher would see. The test plays the meters,
 * answering on-demand reads for those that have supply.
 */
describe('outage detection through the broker', () => {
  const ctx = new IngestContext();
  const id = (x: string) => `${ctx.ns}-${x}`;
  const areas = { T1: 'F1', T2: 'F1', T3: 'F2' } as const;
  const metersOf = (t: keyof typeof areas) => Array.from({ length: 8 }, (_, i) => id(`${t}-M${i}`));
  const meters = new FakeMeters(ctx);
  const powered = meters.powered;

  const incidents = async (status = 'all') =>
    (await ctx.get(`/api/v1/incidents?status=${status}&limit=100`)).body as IncidentView[];
  const incidentOn = (assetId: string, predicate: (i: IncidentView) => boolean = () => true) =>
    waitFor(
      async () => (await incidents()).find((i) => i.assetId === assetId && predicate(i)),
      20_000,
      () => `an incident on ${assetId}`,
    );
  const readAll = async () => {
    for (const t of Object.keys(areas) as (keyof typeof areas)[])
      await meters.read(id(`G${t.slice(1)}`), metersOf(t));
  };
  const event = (meterId: string, type: string) => meters.event(meterId, type);
  const gateway = (t: string, state: string) => meters.gateway(id(`G${t.slice(1)}`), state);

  beforeAll(async () => {
    await ctx.start();
    await ctx.putTopology({
      feeders: [
        { id: id('F1'), name: 'Line 1' },
        { id: id('F2'), name: 'Line 2' },
      ],
      cells: [{ id: id('C1'), name: 'Village' }],
      transformers: Object.entries(areas).map(([t, f]) => ({ id: id(t), feederId: id(f), cellId: id('C1') })),
      gateways: Object.keys(areas).map((t) => ({ id: id(`G${t.slice(1)}`), transformerId: id(t) })),
      customers: Object.keys(areas).flatMap((t) =>
        metersOf(t as keyof typeof areas).map((m) => ({ id: `${m}-K`, name: `Customer of ${m}` })),
      ),
      meters: Object.keys(areas).flatMap((t) =>
        metersOf(t as keyof typeof areas).map((m) => ({
          id: m,
          transformerId: id(t),
          gatewayId: id(`G${t.slice(1)}`),
          customerId: `${m}-K`,
        })),
      ),
    });
    for (const t of Object.keys(areas) as (keyof typeof areas)[]) for (const m of metersOf(t)) powered.add(m);
    await meters.start();
    await ctx.startDetector(QUICK_DETECTION);
    await readAll();
  });
  afterAll(() => ctx.stop());

  it('opens a transformer outage within 2 s of a last gasp, and restores it from power_up', async () => {
    for (const m of metersOf('T1')) powered.delete(m);
    const gasped = Date.now();
    await gateway('T1', 'power_down');
    for (const m of metersOf('T1').slice(0, 3)) await event(m, 'power_down');
    const opened = await incidentOn(id('T1'));
    expect(opened).toMatchObject({ kind: 'outage', scope: 'transformer', status: 'open', cellId: id('C1') });
    expect(Date.parse(opened.detectedAt) - gasped).toBeLessThan(2_000);
    await waitFor(
      async () => (await incidentOn(id('T1'))).affectedMeters === 8,
      10_000,
      () => '8 affected meters',
    );

    // Past the momentary limit, supply returns.
    await waitFor(() => Date.now() - gasped > 5_000, 10_000);
    for (const m of metersOf('T1')) powered.add(m);
    const back = Date.now();
    for (const m of metersOf('T1')) await event(m, 'power_up');
    const restored = await incidentOn(id('T1'), (i) => i.status === 'restored');
    expect(restored.id).toBe(opened.id);
    expect(restored.kind).toBe('outage');
    expect(Math.abs(Date.parse(restored.restoredAt!) - back)).toBeLessThan(2_000);
    const { rows } = await ctx.db.query<{ type: string }>(
      `SELECT type FROM domain_events WHERE payload->>'id' = $1 ORDER BY event_id`,
      [opened.id],
    );
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['incident.opened', 'incident.restored']));
    expect(rows[0].type).toBe('incident.opened');
  });

  it('calls a concentrator that drops off without power evidence a link loss, closed when readings resume', async () => {
    for (const m of metersOf('T3')) powered.delete(m);
    await gateway('T3', 'offline');
    const link = await incidentOn(id('T3'));
    expect(link).toMatchObject({ kind: 'communication', scope: 'transformer', status: 'open' });
    await gateway('T3', 'online');
    for (const m of metersOf('T3')) powered.add(m);
    await readAll();
    const closed = await incidentOn(id('T3'), (i) => i.status === 'closed');
    expect(closed).toMatchObject({ id: link.id, kind: 'communication' });
    expect((await incidents()).filter((i) => i.assetId === id('T3') && i.kind === 'outage')).toEqual([]);
  });

  it('makes two areas of a feeder going out together one feeder incident, kept across a detector crash', async () => {
    for (const t of ['T1', 'T2'] as const) for (const m of metersOf(t)) powered.delete(m);
    await gateway('T1', 'power_down');
    await gateway('T2', 'power_down');
    await event(metersOf('T2')[0], 'power_down');
    const feeder = await incidentOn(id('F1'), (i) => i.status === 'open');
    expect(feeder).toMatchObject({ kind: 'outage', scope: 'feeder' });
    await waitFor(
      async () => (await incidentOn(id('F1'))).affectedMeters === 16,
      10_000,
      () => '16 affected meters',
    );

    await ctx.detector!.stop('SIGKILL');
    await ctx.startDetector(QUICK_DETECTION);
    const open = (await incidents('open')).filter((i) => i.scope === 'feeder' && i.assetId === id('F1'));
    expect(open.map((i) => i.id)).toEqual([feeder.id]);

    await waitFor(() => Date.now() - Date.parse(feeder.detectedAt) > 5_000, 10_000);
    for (const t of ['T1', 'T2'] as const) for (const m of metersOf(t)) powered.add(m);
    for (const t of ['T1', 'T2'] as const) for (const m of metersOf(t)) await event(m, 'power_up');
    const restored = await incidentOn(id('F1'), (i) => i.status === 'restored');
    expect(restored.id).toBe(feeder.id);
    expect((await incidents()).filter((i) => i.assetId === id('F1'))).toHaveLength(1);
  });
});
