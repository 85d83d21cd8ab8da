import { type CuttableProxy, smallTerritory, waitFor } from '@gridcell/testing';
import { IngestContext } from './ingest-context';

const METERS = 20;
const T0 = Date.parse('2026-09-01T00:00:00+08:00');
const QUARTER = 900_000;

describe('ingest through a database outage', () => {
  let proxy: CuttableProxy;
  let ctx: IngestContext;
  const stored = async () => (await ctx.stored()).n;
  const publishIntervals = async (from: number, to: number) => {
    const sends: Promise<void>[] = [];
    for (let q = from; q < to; q++) {
      for (let m = 0; m < METERS; m++) {
        sends.push(
          ctx.publish(`meters/${ctx.ns}-M${m}/reading`, { ts: T0 + q * QUARTER, energyKwh: m * 100 + q }),
        );
      }
    }
    await Promise.all(sends);
  };

  beforeAll(async () => {
    ({ ctx, proxy } = await IngestContext.withDatabaseProxy());
    await ctx.start();
    await ctx.putTopology(smallTerritory(ctx.ns, METERS));
  });
  afterAll(async () => {
    await ctx.stop();
    await proxy.close();
  });

  it('holds what arrives while the database is down and stores all of it once it is back', async () => {
    await publishIntervals(0, 10);
    await waitFor(
      async () => (await stored()) === 10 * METERS,
      15_000,
      () => 'the first readings',
    );

    proxy.down();
    await publishIntervals(10, 40);
    await waitFor(
      () => /commit of \d+ messages failed/.test(ctx.ingest.output()),
      15_000,
      () => 'a failed commit',
    );
    expect(await stored()).toBe(10 * METERS);
    expect(ctx.ingest.process.exitCode).toBeNull();

    proxy.up();
    await waitFor(
      async () => (await stored()) === 40 * METERS,
      30_000,
      () => `all ${40 * METERS} readings`,
    );
    expect(ctx.ingest.process.exitCode).toBeNull();
  });
});
