import request from 'supertest';
import { IngestContext } from './ingest-context';

describe('coverage report: no blank cells', () => {
  const ctx = new IngestContext();
  const id = (x: string) => `${ctx.ns}-${x}`;

  beforeAll(async () => {
    await ctx.start();
    await ctx.putTopology({
      feeders: [{ id: id('F1'), name: 'Line 1' }],
      cells: ['FULL', 'NOPRIMARY', 'NOBACKUP'].map((c) => ({ id: id(c), name: c })),
      transformers: [
        { id: id('T1'), feederId: id('F1'), cellId: id('FULL') },
        { id: id('T2'), feederId: id('F1'), cellId: id('NOPRIMARY') },
        { id: id('T3'), feederId: id('F1') },
      ],
      gateways: [
        { id: id('G1'), transformerId: id('T1') },
        { id: id('G-EMPTY'), transformerId: id('T1') },
      ],
      customers: [
        { id: id('K1'), name: 'A' },
        { id: id('K2'), name: 'B' },
      ],
      meters: [
        { id: id('M1'), transformerId: id('T1'), gatewayId: id('G1'), customerId: id('K1') },
        { id: id('M2'), transformerId: id('T1'), gatewayId: id('G1'), customerId: id('K2') },
        { id: id('M-NOCUSTOMER'), transformerId: id('T1'), gatewayId: id('G1') },
        { id: id('M-NOTRANSFORMER'), customerId: id('K1') },
      ],
      staff: [
        {
          id: id('S1'),
          name: 'A post',
          cells: [
            { cellId: id('FULL'), role: 'primary' },
            { cellId: id('NOBACKUP'), role: 'primary' },
          ],
        },
        {
          id: id('S2'),
          name: 'B post',
          cells: [
            { cellId: id('FULL'), role: 'backup' },
            { cellId: id('NOPRIMARY'), role: 'backup' },
          ],
        },
      ],
    });
  });
  afterAll(() => ctx.stop());

  it('names every blank of the territory', async () => {
    const res = await ctx.get('/api/v1/coverage?customersPerStaff=1');
    expect(res.status).toBe(200);
    const mine = <T extends object>(items: T[]) =>
      items.filter((item) => Object.values(item).some((v) => typeof v === 'string' && v.startsWith(ctx.ns)));
    const r = res.body as Record<string, { items: object[] }>;
    expect(mine(r.cellsWithoutPrimary.items)).toEqual([{ cellId: id('NOPRIMARY'), name: 'NOPRIMARY' }]);
    expect(mine(r.cellsWithoutBackup.items)).toEqual([{ cellId: id('NOBACKUP'), name: 'NOBACKUP' }]);
    expect(mine(r.transformersWithoutCell.items)).toEqual([{ transformerId: id('T3') }]);
    expect(mine(r.metersWithoutTransformer.items)).toEqual([{ meterId: id('M-NOTRANSFORMER') }]);
    expect(mine(r.metersWithoutCustomer.items)).toEqual([{ meterId: id('M-NOCUSTOMER') }]);
    expect(mine(r.gatewaysWithoutMeters.items)).toEqual([{ gatewayId: id('G-EMPTY') }]);
    // Two customers in cell FULL, each served by its A and B post: both exceed a ceiling of 1.
    expect(mine(r.staffOverCeiling.items)).toEqual([
      { staffId: id('S1'), name: 'A post', customers: 2 },
      { staffId: id('S2'), name: 'B post', customers: 2 },
    ]);
  });

  it('sees a cell go blank when its posts go off duty', async () => {
    const blankNow = async () =>
      (
        (await ctx.get('/api/v1/coverage')).body as {
          cellsWithoutStaffOnDuty: { items: { cellId: string }[] };
        }
      ).cellsWithoutStaffOnDuty.items.map((c) => c.cellId);
    expect(await blankNow()).not.toContain(id('FULL'));
    const admin = await ctx.adminToken();
    for (const s of ['S1', 'S2']) {
      await ctx.put(`/api/v1/staff/${id(s)}/duty`, { state: 'on_leave' }, admin);
    }
    expect(await blankNow()).toEqual(expect.arrayContaining([id('FULL'), id('NOPRIMARY'), id('NOBACKUP')]));
  });

  it('refuses an invalid ceiling and anonymous callers', async () => {
    const res = await ctx.get('/api/v1/coverage?customersPerStaff=0');
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([expect.stringContaining('customersPerStaff must not be less than 1')]);
    await request(ctx.baseUrl).get('/api/v1/coverage').expect(401);
  });
});
