import { DEMO_CUSTOMER_ACCOUNTS, demoPassword, generateCounty } from './county.generator';
import { ID_PATTERN } from './topology.types';

describe('generateCounty', () => {
  const county = generateCounty({ seed: 42 });
  const { topology } = county;

  it('is deterministic: the same seed gives the same body, another seed a different one', () => {
    expect(JSON.stringify(generateCounty({ seed: 42 }))).toBe(JSON.stringify(county));
    expect(JSON.stringify(generateCounty({ seed: 43 }).topology)).not.toBe(JSON.stringify(topology));
  });

  it('has the requested sizes and the default shape (4 feeders, 40 transformers, 1000 meters)', () => {
    expect(topology.feeders).toHaveLength(4);
    expect(topology.transformers).toHaveLength(40);
    expect(topology.gateways).toHaveLength(40);
    expect(topology.meters).toHaveLength(1000);
    expect(topology.customers).toHaveLength(1000);
    const small = generateCounty({ seed: 1, feeders: 1, transformers: 2, meters: 10 }).topology;
    expect([small.feeders.length, small.transformers.length, small.meters.length]).toEqual([1, 2, 10]);
  });

  it('uses only ids valid per the contract, unique within each collection', () => {
    for (const [name, items] of Object.entries(topology)) {
      const ids = (items as { id: string }[]).map((i) => i.id);
      for (const id of ids) expect({ name, id, ok: ID_PATTERN.test(id) }).toEqual({ name, id, ok: true });
      expect(new Set(ids).size).toBe(ids.length);
    }
    const prefixed = generateCounty({ seed: 1, feeders: 1, transformers: 2, meters: 4, idPrefix: 'xq.' });
    expect(prefixed.topology.meters.every((m) => m.id.startsWith('xq.') && ID_PATTERN.test(m.id))).toBe(true);
    expect(prefixed.topology.gateways[0].id).toBe('xq.G-T01-01');
  });

  it('keeps every reference inside the body', () => {
    const ids = (items: { id: string }[]) => new Set(items.map((i) => i.id));
    const feeders = ids(topology.feeders);
    const transformers = ids(topology.transformers);
    const cells = ids(topology.cells);
    const customers = ids(topology.customers);
    const gatewayOf = new Map(topology.gateways.map((g) => [g.transformerId, g.id]));
    for (const t of topology.transformers) {
      expect(feeders.has(t.feederId)).toBe(true);
      expect(cells.has(t.cellId)).toBe(true);
      expect(gatewayOf.has(t.id)).toBe(true); // one concentrator per transformer
    }
    for (const g of topology.gateways) expect(transformers.has(g.transformerId)).toBe(true);
    for (const m of topology.meters) {
      expect(transformers.has(m.transformerId)).toBe(true);
      expect(customers.has(m.customerId)).toBe(true);
      expect(m.gatewayId).toBe(gatewayOf.get(m.transformerId));
    }
    for (const s of topology.staff) for (const c of s.cells) expect(cells.has(c.cellId)).toBe(true);
  });

  it('gives every cell exactly one primary and at least one backup, never the same person', () => {
    for (const cell of topology.cells) {
      const posts = topology.staff.flatMap((s) =>
        s.cells.filter((c) => c.cellId === cell.id).map((c) => ({ s, c })),
      );
      const primaries = posts.filter((p) => p.c.role === 'primary');
      const backups = posts.filter((p) => p.c.role === 'backup');
      expect(primaries).toHaveLength(1);
      expect(backups.length).toBeGreaterThanOrEqual(1);
      expect(backups.map((b) => b.s.id)).not.toContain(primaries[0].s.id);
    }
    for (const s of topology.staff) {
      expect(s.cells.length).toBeGreaterThanOrEqual(1);
      expect(s.cells.length).toBeLessThanOrEqual(4);
    }
    // Even a one-village county has an A and a B post.
    const tiny = generateCounty({ seed: 5, feeders: 1, transformers: 1, meters: 1 }).topology;
    expect(tiny.staff.map((s) => s.cells[0].role).sort()).toEqual(['backup', 'primary']);
  });

  it('groups 1-3 transformer areas per village, named in pinyin and characters', () => {
    const perCell = new Map<string, number>();
    for (const t of topology.transformers) perCell.set(t.cellId, (perCell.get(t.cellId) ?? 0) + 1);
    for (const n of perCell.values()) expect(n).toBeGreaterThanOrEqual(1);
    for (const n of perCell.values()) expect(n).toBeLessThanOrEqual(3);
    for (const c of topology.cells)
      expect(c.name).toMatch(/^[A-Z][a-z]+(?: New \d+)? Village [\u4e00-\u9fff\d]+村$/);
    expect(new Set(topology.cells.map((c) => c.name)).size).toBe(topology.cells.length);
  });

  it('has plausible meters, customers and shares', () => {
    const meters = topology.meters;
    const share = (n: number) => n / meters.length;
    expect(meters.every((m) => m.intervalS === 900)).toBe(true);
    expect(share(meters.filter((m) => m.lastGasp).length)).toBeGreaterThan(0.62);
    expect(share(meters.filter((m) => m.lastGasp).length)).toBeLessThan(0.78);
    const threePhase = share(meters.filter((m) => m.phases === 3).length);
    expect(threePhase).toBeGreaterThan(0.01);
    expect(threePhase).toBeLessThan(0.12);
    const vulnerable = share(topology.customers.filter((c) => c.vulnerable).length);
    expect(vulnerable).toBeGreaterThan(0.01);
    expect(vulnerable).toBeLessThan(0.06);
    for (const c of topology.customers) expect(c.phone).toMatch(/^1[3-9]\d{9}$/);
    const withAccounts = topology.customers.filter((c) => c.password !== undefined);
    expect(withAccounts.map((c) => c.id)).toEqual(
      topology.customers.slice(0, DEMO_CUSTOMER_ACCOUNTS).map((c) => c.id),
    );
    for (const { password } of withAccounts) {
      expect(password!.length).toBeGreaterThanOrEqual(12);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/\d/);
    }
    expect(new Set(withAccounts.map((c) => c.password)).size).toBe(DEMO_CUSTOMER_ACCOUNTS);
    expect(demoPassword(42, 'K000001')).toBe(topology.customers[0].password);
    expect(demoPassword(43, 'K000001')).not.toBe(topology.customers[0].password);
  });

  it('places the county around 30.5 N 114.3 E with meters near their transformer', () => {
    const byId = new Map(topology.transformers.map((t) => [t.id, t]));
    for (const t of topology.transformers) {
      expect(Math.abs(t.lat - 30.5)).toBeLessThan(0.5);
      expect(Math.abs(t.lon - 114.3)).toBeLessThan(0.5);
    }
    for (const m of topology.meters) {
      const t = byId.get(m.transformerId)!;
      const km = Math.hypot((m.lat - t.lat) * 111.2, (m.lon - t.lon) * 95.8);
      expect(km).toBeLessThan(1.3);
    }
  });

  it('makes ~5% of transformers chronically weak and sizes the rest for their load', () => {
    expect(county.sim.weakTransformerIds).toHaveLength(2);
    const ratings = [30, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600];
    for (const t of topology.transformers) expect(ratings).toContain(t.ratedKva);
    for (const m of topology.meters) expect(county.sim.meters[m.id]).toBeDefined();
    // The meter demos query first is an ordinary household.
    expect(county.sim.meters[topology.meters[0].id].use).toBe('household');
  });

  it('rejects impossible options with a message naming the option', () => {
    expect(() => generateCounty({ seed: 1, feeders: 0 })).toThrow(/feeders/);
    expect(() => generateCounty({ seed: 1, transformers: 3, feeders: 4 })).toThrow(/transformers/);
    expect(() => generateCounty({ seed: 1, meters: 5 })).toThrow(/meters/);
    expect(() => generateCounty({ seed: 1, idPrefix: 'a/b' })).toThrow(/idPrefix/);
    expect(() => generateCounty({ seed: 1.5 })).toThrow(/seed/);
  });
});
