import { IngestContext } from './ingest-context';
import { importThreeCells } from './three-cells.fixture';

interface CellView {
  id: string;
  access: 'edit' | 'read';
  staff: { staffId: string; role: string; duty: { state: string } }[];
}

/** A territory is imported; each role signs in and sees exactly its slice of it. */
describe('territory slices: what each role sees after an import', () => {
  const ctx = new IngestContext();
  let id: (x: string) => string;
  let tokens: Awaited<ReturnType<typeof importThreeCells>>['tokens'];
  const mine = (cells: CellView[]) => cells.filter((c) => c.id.startsWith(ctx.ns));

  beforeAll(async () => {
    await ctx.start();
    ({ id, tokens } = await importThreeCells(ctx));
  });
  afterAll(() => ctx.stop());

  it('shows dispatchers and administrators the whole territory, theirs to act on', async () => {
    for (const token of [tokens.dispatcher, tokens.administrator]) {
      const cells = mine((await ctx.get('/api/v1/cells', token)).body as CellView[]);
      expect(cells.map((c) => [c.id, c.access])).toEqual([
        [id('CA'), 'edit'],
        [id('CB'), 'edit'],
        [id('CZ'), 'edit'],
      ]);
      const coverage = (await ctx.get('/api/v1/coverage', token)).body as Record<
        string,
        { items: unknown[] } | null
      >;
      expect(coverage.transformersWithoutCell).not.toBeNull();
      expect(coverage.cellsWithoutBackup?.items).toEqual(
        expect.arrayContaining([
          { cellId: id('CA'), name: 'Village A' },
          { cellId: id('CZ'), name: 'Village Z' },
        ]),
      );
    }
  });

  it('shows staff their own cell to act on and their neighbour to read, nothing beyond', async () => {
    const cells = (await ctx.get('/api/v1/cells', tokens.staff)).body as CellView[];
    expect(cells.map((c) => [c.id, c.access])).toEqual([
      [id('CA'), 'edit'],
      [id('CB'), 'read'],
    ]);
    expect(cells[0].staff).toEqual([
      expect.objectContaining({
        staffId: id('SA'),
        role: 'primary',
        duty: expect.objectContaining({ state: 'on_duty' }),
      }),
    ]);
    const coverage = (await ctx.get('/api/v1/coverage', tokens.staff)).body as Record<
      string,
      { items: unknown[] } | null
    >;
    expect(coverage.cellsWithoutBackup?.items).toEqual([{ cellId: id('CA'), name: 'Village A' }]);
    expect(coverage.transformersWithoutCell).toBeNull();
    await ctx.get(`/api/v1/cells/${id('CZ')}`, tokens.staff).then((r) => expect(r.status).toBe(404));
    const neighbour = (await ctx.get(`/api/v1/transformers/${id('TB')}`, tokens.staff)).body as {
      meters: { id: string }[];
    };
    expect(neighbour.meters.map((m) => m.id)).toEqual([id('MB')]);
  });

  it('shows a customer their own account and meter only', async () => {
    const me = (await ctx.get(`/api/v1/customers/${id('KA')}`, tokens.customer)).body as {
      id: string;
      meters: { id: string }[];
    };
    expect(me).toMatchObject({ id: id('KA'), name: 'Customer A', meters: [{ id: id('MA') }] });
    await ctx
      .get(`/api/v1/meters/${id('MA')}/usage`, tokens.customer)
      .then((r) => expect(r.status).toBe(200));
    await ctx
      .get(`/api/v1/meters/${id('MB')}/usage`, tokens.customer)
      .then((r) => expect(r.status).toBe(404));
    await ctx.get('/api/v1/cells', tokens.customer).then((r) => expect(r.status).toBe(403));
  });
});
