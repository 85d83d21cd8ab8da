import { generateCounty } from './county.generator';
import { FleetModel } from './fleet.model';

const county = generateCounty({ seed: 7, feeders: 2, transformers: 6, meters: 150 });
const fleet = new FleetModel(county, { timeZone: 'Asia/Shanghai' });
const at = (iso: string) => Date.parse(iso);
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

describe('FleetModel.readingAt', () => {
  const single = county.topology.meters.find((m) => m.phases === 1)!;
  const three = county.topology.meters.find((m) => m.phases === 3)!;

  it('returns every CONTRACT 1.1 quantity, rounded like a DL/T 645 meter', () => {
    const r = fleet.readingAt(single.id, at('2026-11-28T08:15:00+08:00'));
    expect(r).toEqual({
      meterId: single.id,
      ts: at('2026-11-28T08:15:00+08:00'),
      energyKwh: expect.any(Number),
      voltageV: expect.any(Number),
      currentA: expect.any(Number),
      powerKw: expect.any(Number),
      powerFactor: expect.any(Number),
      frequencyHz: expect.any(Number),
    });
    expect(decimals(r.energyKwh)).toBeLessThanOrEqual(2);
    expect(decimals(r.voltageV as number)).toBeLessThanOrEqual(1);
    expect(decimals(r.currentA as number)).toBeLessThanOrEqual(3);
    expect(r.powerFactor).toBeGreaterThan(0.5);
    expect(r.powerFactor).toBeLessThan(1);
  });

  it('gives three-phase meters arrays of three voltages and currents', () => {
    const r = fleet.readingAt(three.id, at('2026-07-01T10:00:00+08:00'));
    expect(r.voltageV).toHaveLength(3);
    expect(r.currentA).toHaveLength(3);
    // Active power is the sum over phases of V·I·pf.
    const v = r.voltageV as number[];
    const i = r.currentA as number[];
    const kw = v.reduce((s, vp, p) => s + vp * i[p] * r.powerFactor, 0) / 1000;
    expect(kw).toBeCloseTo(r.powerKw, 2);
  });

  it('keeps current consistent with power, voltage and power factor', () => {
    const r = fleet.readingAt(single.id, at('2026-01-15T19:30:00+08:00'));
    expect(((r.voltageV as number) * (r.currentA as number) * r.powerFactor) / 1000).toBeCloseTo(
      r.powerKw,
      2,
    );
  });

  it('reports the energy of the interval just ended as its average power', () => {
    const t1 = at('2026-01-15T19:15:00+08:00');
    const t2 = t1 + 900_000;
    for (const m of county.topology.meters) {
      const a = fleet.readingAt(m.id, t1);
      const b = fleet.readingAt(m.id, t2);
      expect(Math.abs(b.energyKwh - a.energyKwh - b.powerKw * 0.25)).toBeLessThanOrEqual(0.0101);
    }
  });

  it('places an on-demand read between the neighbouring interval readings', () => {
    const t1 = at('2026-03-03T18:00:00+08:00');
    const t2 = t1 + 900_000;
    const now = t1 + 421_000;
    for (const m of county.topology.meters) {
      const e = fleet.readingAt(m.id, now).energyKwh;
      expect(e).toBeGreaterThanOrEqual(fleet.readingAt(m.id, t1).energyKwh);
      expect(e).toBeLessThanOrEqual(fleet.readingAt(m.id, t2).energyKwh);
    }
  });

  it('is reproducible by a fresh model of the same county', () => {
    const again = new FleetModel(generateCounty({ seed: 7, feeders: 2, transformers: 6, meters: 150 }), {
      timeZone: 'Asia/Shanghai',
    });
    const ts = at('2026-09-09T09:09:09+08:00');
    for (const m of county.topology.meters)
      expect(again.readingAt(m.id, ts)).toEqual(fleet.readingAt(m.id, ts));
  });

  it('keeps the grid frequency within 50 ± 0.02 Hz and the same for every meter', () => {
    const start = at('2026-05-01T00:00:00+08:00');
    const seen = new Set<number>();
    for (let ts = start; ts < start + 86_400_000; ts += 61_000) {
      const f = fleet.readingAt(single.id, ts).frequencyHz;
      expect(f).toBeGreaterThanOrEqual(49.98);
      expect(f).toBeLessThanOrEqual(50.02);
      expect(fleet.readingAt(three.id, ts).frequencyHz).toBe(f);
      seen.add(f);
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it('rejects unknown meters', () => {
    expect(() => fleet.readingAt('nope', Date.now())).toThrow(/unknown meter/);
  });
});
