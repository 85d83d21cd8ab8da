import { generateCounty } from './county.generator';
import { LoadProfileModel, MeterLoad, SLOT_H, SLOT_MS } from './load-profile.model';

const county = generateCounty({ seed: 42 });
const TZ = 'Asia/Shanghai';

function modelWithMeters(): { model: LoadProfileModel; loads: MeterLoad[] } {
  const model = new LoadProfileModel({ seed: county.seed, timeZone: TZ });
  const loads = county.topology.meters.map((m) => model.addMeter(m.id, county.sim.meters[m.id].use));
  return { model, loads };
}

const at = (iso: string) => Date.parse(iso);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('LoadProfileModel', () => {
  const { model, loads } = modelWithMeters();
  const households = loads.filter((l) => l.use === 'household');

  it('never lets the register decrease, at interval boundaries or in between', () => {
    const start = at('2026-01-10T00:00:00+08:00');
    const decreases: string[] = [];
    for (const load of loads) {
      let prev = -Infinity;
      // Two days of 15-minute readings with odd in-between instants (on-demand reads) mixed in.
      for (let ts = start; ts <= start + 2 * 86_400_000; ts += SLOT_MS / 3 + 7_000) {
        const e = model.energyAt(load, ts);
        if (!(e >= prev)) decreases.push(`${ts}: ${prev} -> ${e}`);
        prev = e;
      }
    }
    expect(decreases).toEqual([]);
  });

  it('makes every slot energy positive, so the integral of power is strictly increasing', () => {
    const k0 = Math.floor(at('2026-07-01T00:00:00+08:00') / SLOT_MS);
    let smallest = Infinity;
    for (const load of loads) {
      for (let k = k0; k < k0 + 96 * 3; k++) smallest = Math.min(smallest, model.slotEnergy(load, k));
    }
    expect(smallest).toBeGreaterThan(0);
  });

  it('is interval-consistent: energy(t2) − energy(t1) equals the sum of the slot energies in between', () => {
    const t1 = at('2026-03-01T06:00:00+08:00');
    const t2 = at('2026-03-08T06:00:00+08:00');
    let worst = 0;
    for (const load of loads) {
      let sum = 0;
      for (let k = t1 / SLOT_MS; k < t2 / SLOT_MS; k++) sum += model.slotEnergy(load, k);
      const delta = model.energyAt(load, t2) - model.energyAt(load, t1);
      worst = Math.max(worst, Math.abs(delta - sum));
      // And each slot's energy is its average power times the slot length.
      const k = t1 / SLOT_MS + 5;
      worst = Math.max(
        worst,
        Math.abs(model.powerAt(load, (k + 1) * SLOT_MS) * SLOT_H - model.slotEnergy(load, k)),
      );
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('integrates constant power within a slot for readings between boundaries', () => {
    const load = households[0];
    const k = Math.floor(at('2026-05-05T19:00:00+08:00') / SLOT_MS);
    const e0 = model.energyAt(load, k * SLOT_MS);
    const mid = model.energyAt(load, k * SLOT_MS + SLOT_MS / 3);
    expect(mid - e0).toBeCloseTo(model.slotEnergy(load, k) / 3, 9);
    expect(model.powerAt(load, k * SLOT_MS + SLOT_MS / 3)).toBeCloseTo(
      model.slotEnergy(load, k) / SLOT_H,
      12,
    );
  });

  it('gives the same register whatever order the timestamps are computed in, and across instances', () => {
    const late = at('2027-06-01T12:00:00+08:00');
    const early = at('2026-02-01T12:00:00+08:00');
    const a = modelWithMeters();
    const lateFirst = [a.model.energyAt(a.loads[7], late), a.model.energyAt(a.loads[7], early)];
    const b = modelWithMeters();
    const earlyFirst = [b.model.energyAt(b.loads[7], early), b.model.energyAt(b.loads[7], late)].reverse();
    expect(lateFirst).toEqual(earlyFirst);
    expect(model.energyAt(loads[7], late)).toBe(lateFirst[0]);
  });

  it('starts registers at hundreds to thousands of kWh', () => {
    const e = loads.map((l) => model.energyAt(l, at('2024-01-02T00:00:00+08:00')));
    expect(Math.min(...e)).toBeGreaterThan(100);
    expect(Math.max(...e)).toBeLessThan(5000);
  });

  it('has a higher evening peak than 3 am load on average across meters', () => {
    const days = [0, 1, 2, 3, 4, 5, 6].map((d) => at('2026-04-13T00:00:00+08:00') + d * 86_400_000);
    const avgPower = (hour: number) =>
      mean(days.flatMap((day) => loads.map((l) => model.powerAt(l, day + hour * 3_600_000))));
    const evening = avgPower(20);
    const night = avgPower(3);
    expect(evening).toBeGreaterThan(2.5 * night);
    expect(avgPower(7.5)).toBeGreaterThan(night); // morning peak
    expect(avgPower(15)).toBeLessThan(evening / 2); // midday dip
  });

  it('uses more energy in winter than in spring, and shows summer cooling', () => {
    const weekKwh = (iso: string) => {
      const t = at(iso);
      return mean(households.map((l) => model.energyAt(l, t + 7 * 86_400_000) - model.energyAt(l, t)));
    };
    const winter = weekKwh('2026-01-12T00:00:00+08:00');
    const spring = weekKwh('2026-04-13T00:00:00+08:00');
    const summer = weekKwh('2026-07-20T00:00:00+08:00');
    expect(winter).toBeGreaterThan(1.2 * spring);
    expect(summer).toBeGreaterThan(1.2 * spring);
  });

  it('lands rural households at a plausible 1,000-5,000 kWh a year', () => {
    const t1 = at('2025-01-01T00:00:00+08:00');
    const t2 = at('2026-01-01T00:00:00+08:00');
    const annual = mean(households.map((l) => model.energyAt(l, t2) - model.energyAt(l, t1)));
    expect(annual).toBeGreaterThan(1000);
    expect(annual).toBeLessThan(5000);
  });

  it("fills migrant workers' empty homes at Spring Festival", () => {
    const empty = loads.filter((l) => l.use === 'empty');
    expect(empty.length).toBeGreaterThan(50);
    const dayKwh = (iso: string) =>
      mean(empty.map((l) => model.energyAt(l, at(iso) + 86_400_000) - model.energyAt(l, at(iso))));
    // 2026 Spring Festival is 17 February.
    expect(dayKwh('2026-02-18T00:00:00+08:00')).toBeGreaterThan(3 * dayKwh('2026-03-18T00:00:00+08:00'));
  });

  it('differs between weekdays and weekends (a later, smaller morning peak on Sunday)', () => {
    const at7 = (iso: string) => mean(households.map((l) => model.powerAt(l, at(iso))));
    expect(at7('2026-04-15T07:00:00+08:00')).toBeGreaterThan(at7('2026-04-19T07:00:00+08:00'));
  });

  it('follows the configured time zone', () => {
    const utc = new LoadProfileModel({ seed: county.seed, timeZone: 'UTC' });
    const utcLoads = households.map((l) =>
      utc.addMeter(county.topology.meters[loads.indexOf(l)].id, 'household'),
    );
    // 20:00 in Shanghai is 12:00 UTC: the Shanghai evening peak is the UTC lunchtime lull.
    const k = at('2026-04-15T20:00:00+08:00') / SLOT_MS;
    const shanghaiKw = mean(households.map((l) => model.smooth(l, k)));
    const utcKw = mean(utcLoads.map((l) => utc.smooth(l, k)));
    expect(shanghaiKw).toBeGreaterThan(1.5 * utcKw);
  });

  it('refuses timestamps before the model start', () => {
    expect(() => model.energyAt(loads[0], at('2023-06-01T00:00:00Z'))).toThrow(RangeError);
  });
});
