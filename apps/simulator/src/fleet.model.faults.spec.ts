import { faultScenario, T0 } from '../test/fault-scenario.factory';
import { FleetModel } from './fleet.model';

const MIN = 60_000;
const IV = 15 * MIN;
/** The first interval boundary after T0 (20:07): 20:15. */
const B1 = Math.ceil(T0 / IV) * IV;

describe('FleetModel under faults', () => {
  const s = faultScenario();
  const healthy = new FleetModel(s.county, { timeZone: s.config.timeZone });
  const t = s.gatewayAreas()[0];
  const meter = s.index
    .metersOf(t.id)
    .find((m) => m.phases === 1 && s.county.sim.meters[m.id].use === 'household')!;
  // 20:07-21:07: four boundaries fall inside the outage.
  s.plan({ kind: 'transformer-outage', assetId: t.id, duration: '60m' });

  it('keeps the register flat while the meter has no supply, and reports no voltage, current or power', () => {
    const atStart = s.model.readingAt(meter.id, T0).energyKwh;
    for (let ts = B1; ts < T0 + 60 * MIN; ts += IV) {
      expect(s.model.readingAt(meter.id, ts)).toMatchObject({
        energyKwh: atStart,
        voltageV: 0,
        currentA: 0,
        powerKw: 0,
      });
    }
  });

  it('resumes consumption after the restore, short by exactly what the outage did not deliver', () => {
    const lost =
      healthy.readingAt(meter.id, T0 + 60 * MIN).energyKwh - healthy.readingAt(meter.id, T0).energyKwh;
    expect(lost).toBeGreaterThan(0.1);
    for (const ts of [B1 + 4 * IV, B1 + 5 * IV, B1 + 40 * IV]) {
      const shortfall = healthy.readingAt(meter.id, ts).energyKwh - s.model.readingAt(meter.id, ts).energyKwh;
      expect(shortfall).toBeCloseTo(lost, 1);
    }
    // Never decreasing, and the slot's power is still the integral of its energy.
    let previous = 0;
    for (let ts = B1 - 4 * IV; ts <= B1 + 12 * IV; ts += IV) {
      const r = s.model.readingAt(meter.id, ts);
      expect(r.energyKwh).toBeGreaterThanOrEqual(previous);
      // A meter without supply sends nothing; its reading would show zeros, not the slot's average.
      if (previous > 0 && s.conditions.isPowered(meter.id, ts)) {
        expect(r.energyKwh - previous).toBeCloseTo(r.powerKw / 4, 1);
      }
      previous = r.energyKwh;
    }
  });

  it('leaves meters elsewhere untouched', () => {
    const other = s.county.topology.meters.find((m) => m.transformerId !== t.id)!;
    expect(s.model.readingAt(other.id, B1 + IV)).toEqual(healthy.readingAt(other.id, B1 + IV));
  });
});

describe('FleetModel under voltage sag and phase loss', () => {
  const s = faultScenario();
  const healthy = new FleetModel(s.county, { timeZone: s.config.timeZone });
  const sagged = s.county.topology.transformers[1];
  // The busiest three-phase meter elsewhere, so what phase C no longer carries shows in a rounded register.
  const threePhase = s.county.topology.meters
    .filter((m) => m.phases === 3 && m.transformerId !== sagged.id)
    .sort((a, b) => healthy.readingAt(b.id, B1).powerKw - healthy.readingAt(a.id, B1).powerKw)[0];
  s.plan({ kind: 'voltage-sag', assetId: sagged.id, depth: 0.85, duration: '90m' });
  s.plan({ kind: 'phase-loss', assetId: threePhase.id, phase: 'C', duration: '90m' });

  it('multiplies every voltage in the sagging area by the depth, register unchanged', () => {
    for (const m of s.index.metersOf(sagged.id)) {
      const [v, h] = [s.model.readingAt(m.id, B1), healthy.readingAt(m.id, B1)];
      const volts = ([] as number[]).concat(v.voltageV);
      ([] as number[]).concat(h.voltageV).forEach((hv, p) => expect(volts[p]).toBeCloseTo(hv * 0.85, 0));
      expect(v.energyKwh).toBe(h.energyKwh);
    }
  });

  it('shows about 0 V and no current on the lost phase; the register advances by the other two', () => {
    const r = s.model.readingAt(threePhase.id, B1 + IV);
    const h = healthy.readingAt(threePhase.id, B1 + IV);
    const [va, vb, vc] = r.voltageV as number[];
    expect(vc).toBeLessThan(3);
    expect([va, vb]).toEqual((h.voltageV as number[]).slice(0, 2));
    expect((r.currentA as number[])[2]).toBe(0);
    expect(r.powerKw).toBeLessThan(h.powerKw);
    const used = (x: FleetModel) =>
      x.readingAt(threePhase.id, B1 + 4 * IV).energyKwh - x.readingAt(threePhase.id, B1).energyKwh;
    let reported = 0;
    for (let k = 1; k <= 4; k++) reported += s.model.readingAt(threePhase.id, B1 + k * IV).powerKw / 4;
    expect(used(s.model)).toBeCloseTo(reported, 1);
    expect(used(s.model)).toBeLessThan(used(healthy));
  });
});
