import { type CuttableProxy, smallTerritory, waitFor } from '@gridcell/testing';
import { IngestContext } from './ingest-context';

const METERS = 100;
const INTERVALS = 200;
const T0 = Date.parse('2026-10-01T00:00:00+08:00');
const QUARTER = 900_000;

describe('ingest killed with SIGKILL in mid-stream', () => {
  let proxy: CuttableProxy;
  let ctx: IngestContext;
  let meterIds: string[];
  const energy = (m: number, q: number) => m * 1000 + q * 0.5;

  /** Half the meters report singly, the other half through their concentrator in batches. */
  const publishIntervals = async (from: number, to: number) => {
    const sends: Promise<void>[] = [];
    for (let q = from; q < to; q++) {
      for (let m = 0; m < METERS / 2; m++) {
        sends.push(
          ctx.publish(`meters/${meterIds[m]}/reading`, { ts: T0 + q * QUARTER, energyKwh: energy(m, q) }),
        );
      }
      const batch = [];
      for (let m = METERS / 2; m < METERS; m++) {
        batch.push({ meterId: meterIds[m], ts: T0 + q * QUARTER, energyKwh: energy(m, q) });
      }
      sends.push(ctx.publish(`gateways/${ctx.ns}-G1/readings`, batch));
    }
    await Promise.all(sends);
  };

  beforeAll(async () => {
    // Holding ingest's commits back makes sure it dies holding messages it received, uncommitted.
    ({ ctx, proxy } = await IngestContext.withDatabaseProxy());
    meterIds = Array.from({ length: METERS }, (_, i) => `${ctx.ns}-M${i}`);
    await ctx.start();
    await ctx.putTopology(smallTerritory(ctx.ns, METERS));
  });
  afterAll(async () => {
    await ctx.stop();
    await proxy.close();
  });

  it('loses nothing and duplicates nothing', async () => {
    const quarter = INTERVALS / 4;
    await publishIntervals(0, quarter);
    await waitFor(
      async () => (await ctx.stored()).n === quarter * METERS,
      15_000,
      () => 'the first quarter stored',
    );

    proxy.down();
    await publishIntervals(quarter, 2 * quarter);
    // Ingest has received messages it cannot commit: they are unacknowledged when it dies.
    await waitFor(
      () => /commit of \d+ messages failed/.test(ctx.ingest.output()),
      15_000,
      () => 'a held commit',
    );
    await ctx.ingest.stop('SIGKILL');
    proxy.up();
    expect((await ctx.stored()).n).toBe(quarter * METERS);

    await publishIntervals(2 * quarter, INTERVALS);
    await ctx.startIngest();
    const final = await waitFor(
      async () => {
        const s = await ctx.stored();
        return s.n >= METERS * INTERVALS ? s : null;
      },
      60_000,
      () => `all ${METERS * INTERVALS} readings`,
    );

    const expectedSum = Array.from({ length: METERS }, (_, m) =>
      Array.from({ length: INTERVALS }, (_, q) => energy(m, q)),
    )
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(final.n).toBe(METERS * INTERVALS);
    expect(final.sum).toBeCloseTo(expectedSum, 3);
    const quarantined = (await ctx.get(`/api/v1/quarantine?topic=${ctx.prefix}/`)).body as {
      items: unknown[];
    };
    expect(quarantined.items).toEqual([]);
  });
});
