import { generateCounty } from './county.generator';
import { FleetModel } from './fleet.model';
import { SLOT_MS } from './load-profile.model';
import { VOLTAGE_BAND } from './voltage.model';

const county = generateCounty({ seed: 42 });
const fleet = new FleetModel(county, { timeZone: 'Asia/Shanghai' });
const { meters } = county.topology;
const weak = new Set(county.sim.weakTransformerIds);
const at = (iso: string) => Date.parse(iso);
const volts = (meterId: string, ts: number) => ([] as number[]).concat(fleet.readingAt(meterId, ts).voltageV);
const DAY = 86_400_000;

/** A few days in every season. */
const sampleDays = [
  '2026-01-06',
  '2026-01-20',
  '2026-02-10',
  '2026-04-08',
  '2026-04-26',
  '2026-06-15',
  '2026-07-23',
]
  .concat(['2026-08-08', '2026-09-30', '2026-10-18', '2026-11-11', '2026-12-24'])
  .map((d) => at(`${d}T00:00:00+08:00`));

/** The slot between 18:00 and 22:00 local in which the transformer carries the most load. */
function eveningPeak(transformerId: string, day: number): number {
  let best = day + 18 * 3_600_000;
  for (let ts = best; ts <= day + 22 * 3_600_000; ts += SLOT_MS) {
    if (
      fleet.voltage.transformerLoadKw(transformerId, ts) >
      fleet.voltage.transformerLoadKw(transformerId, best)
    ) {
      best = ts;
    }
  }
  return best;
}

describe('VoltageModel', () => {
  it('makes two of forty transformers chronically weak', () => {
    expect(weak.size).toBe(2);
    for (const id of weak) expect(fleet.voltage.isWeak(id)).toBe(true);
  });

  it("drops the far end of a weak area below 198 V at every day's evening peak", () => {
    const highs: string[] = [];
    for (const tid of weak) {
      const far = meters.filter((m) => m.transformerId === tid && county.sim.meters[m.id].lvPosition >= 0.9);
      expect(far.length).toBeGreaterThan(0);
      for (const day of sampleDays) {
        const peak = eveningPeak(tid, day);
        for (const m of far) {
          for (const v of volts(m.id, peak)) if (v >= VOLTAGE_BAND.min) highs.push(`${m.id}@${peak}: ${v}`);
        }
      }
    }
    expect(highs).toEqual([]);
  });

  it('sags along the line: near the transformer a weak area is better than at its far end', () => {
    const tid = [...weak][0];
    const inArea = meters.filter((m) => m.transformerId === tid);
    const near = inArea.filter((m) => county.sim.meters[m.id].lvPosition < 0.3);
    const far = inArea.filter((m) => county.sim.meters[m.id].lvPosition >= 0.9);
    const peak = eveningPeak(tid, sampleDays[3]);
    const avg = (ms: typeof meters) => ms.reduce((s, m) => s + volts(m.id, peak)[0], 0) / ms.length;
    expect(avg(near)).toBeGreaterThan(avg(far) + 10);
  });

  it('recovers into the band at night even in weak areas', () => {
    const night = sampleDays[3] + 3 * 3_600_000;
    for (const m of meters.filter((x) => weak.has(x.transformerId))) {
      for (const v of volts(m.id, night)) expect(v).toBeGreaterThanOrEqual(VOLTAGE_BAND.min);
    }
  });

  it('keeps healthy areas within 198.0-235.4 V around the clock, all year', () => {
    const outside: string[] = [];
    for (const day of sampleDays) {
      for (let h = 0; h < 24; h++) {
        // Quarter past as well as on the hour, so different slots are exercised on different days.
        const ts = day + h * 3_600_000 + ((day / DAY) % 4) * SLOT_MS;
        for (const m of meters) {
          if (weak.has(m.transformerId)) continue;
          for (const v of volts(m.id, ts)) {
            if (v < VOLTAGE_BAND.min || v > VOLTAGE_BAND.max) outside.push(`${m.id}@${ts}: ${v}`);
          }
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it('runs slightly high on light-load nights and lower at the evening peak', () => {
    const healthy = meters.filter((m) => !weak.has(m.transformerId));
    const avgAt = (ts: number) => healthy.reduce((s, m) => s + volts(m.id, ts)[0], 0) / healthy.length;
    const day = sampleDays[3];
    const night = avgAt(day + 3 * 3_600_000);
    expect(night).toBeGreaterThan(226);
    expect(night).toBeLessThan(VOLTAGE_BAND.max);
    expect(avgAt(day + 20 * 3_600_000)).toBeLessThan(night - 3);
  });

  it('reports three phase voltages for three-phase meters, close to each other', () => {
    const m = meters.find((x) => x.phases === 3 && !weak.has(x.transformerId))!;
    const v = volts(m.id, sampleDays[0] + 12 * 3_600_000);
    expect(v).toHaveLength(3);
    expect(Math.max(...v) - Math.min(...v)).toBeLessThan(5);
  });
});
