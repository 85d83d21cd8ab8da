import { smallTerritory, waitFor } from '@gridcell/testing';
import { IngestContext } from './ingest-context';

const METERS = 100;
const INTERVALS = 200;
const T0 = Date.parse('2026-10-01T00:00:00+08:00');
const QUARTER = 900_000;

describe('ingest killed with SIGKILL in mid-stream', () => {
  const ctx = new IngestContext();
  const meterIds = Array.from({ length: METERS }, (_, i) => `${ctx.ns}-M${i}`);
  const energy = (m: number, q: number) => m * 1000 + q * 0.5;

  /** Half the meters report singly, the other half through their concentrator in batches. */
  const publishIntervals = async (from: number, to: number) => {
    const sends: Promise<void>[] = [];
    for (let q = from; q < to; q++) {
      for (let m = 0; m < METERS / 2; m++)
        sends.push(
          ctx.publish(`meters/${meterIds[m]}/reading`, { ts: T0 + q * QUARTER, energyKwh: energy(m, q) }),
        );
      const batch = [];
      for (let m = METERS / 2; m < METERS; m++)
        batch.push({ meterId: meterIds[m], ts: T0 + q * QUARTER, energyKwh: energy(m, q) });
      sends.push(ctx.publish(`gateways/${ctx.ns}-G1/readings`, batch));
    }
    await Promise.all(sends);
  };

  beforeAll(async () => {
    await ctx.start();
    await ctx.putTopology(smallTerritory(ctx.ns, METERS));
  });
  afterAll(() => ctx.stop());

  it('loses nothing and duplicates nothing', async () => {
    const expectedSum = Array.from({ length: METERS }, (_, m) =>
      Array.from({ length: INTERVALS }, (_, q) => energy(m, q)),
    )
      .flat()
      .reduce((a, b) => a + b, 0);
    await publishIntervals(0, INTERVALS / 2);
    // Kill as soon as the first commits land, while most of the first half is still in flight.
    await waitFor(
      async () => (await ctx.stored()).n > 0,
      15_000,
      () => 'first committed readings',
    );
    await ctx.ingest.stop('SIGKILL');
    const atKill = await ctx.stored();
    expect(atKill.n).toBeLessThan((METERS * INTERVALS) / 2);

    await publishIntervals(INTERVALS / 2, INTERVALS);
    await ctx.startIngest();
    const final = await waitFor(
      async () => {
        const s = await ctx.stored();
        return s.n >= METERS * INTERVALS ? s : null;
      },
      60_000,
      () => `all ${METERS * INTERVALS} readings`,
    );

    expect(final.n).toBe(METERS * INTERVALS);
    expect(final.sum).toBeCloseTo(expectedSum, 3);
    const quarantined = (await ctx.get(`/api/v1/quarantine?topic=${ctx.prefix}/`)).body as {
      items: unknown[];
    };
    expect(quarantined.items).toEqual([]);
  });
});
