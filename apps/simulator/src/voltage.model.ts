import type { County } from './county.generator';
import { LoadProfileModel, MeterLoad, SLOT_H, SLOT_MS, slotEndingAt } from './load-profile.model';
import { createRng, hashString, hashUnit, mix32 } from './prng.util';

// Bound once: inside vm sandboxes (jest) every global lookup goes through an interceptor, and these
// functions run millions of times when a fleet's history is computed.
const { floor, max, tanh } = Math;

export const NOMINAL_V = 220;
/** GB/T 12325: single-phase 220 V supply may deviate +7 % / −10 %. */
export const VOLTAGE_BAND = { min: 198.0, max: 235.4 } as const;

/** Short-circuit impedance of a small distribution transformer, per unit (S11/S13 series: ~4 %). */
const TRANSFORMER_Z_PU = 0.04;
const LOAD_POWER_FACTOR = 0.92;

/**
 * Voltage at a meter = transformer secondary (set by the tap, sagging with the MV feeder's load)
 *   − drop across the transformer (∝ its loading)
 *   − drop along the LV line (∝ area load × position along the line, uniformly distributed load:
 *     the drop at fraction x of the line is proportional to x(2 − x))
 *   + phase imbalance + small noise.
 *
 * The LV line impedance of each area is calibrated from the area's own simulated load over a reference
 * year, so "healthy" and "weak" are guaranteed properties rather than luck of the seed: a healthy area's
 * far end loses ~7-10 V at its annual peak, a weak one loses ~36-42 V already at the lightest day's evening
 * peak, which puts its far end below 198 V every evening (a 低电压 case).
 */
export class VoltageModel {
  private readonly areas: Area[] = [];
  private readonly placement = new Map<string, Placement>();
  private readonly loadCache = new Map<number, number>();

  constructor(
    county: County,
    private readonly load: LoadProfileModel,
  ) {
    const weak = new Set(county.sim.weakTransformerIds);
    const byTransformer = new Map<string, Area>();
    for (const t of county.topology.transformers) {
      const rng = createRng(county.seed, `voltage:${t.id}`);
      const area: Area = {
        index: this.areas.length,
        id: t.id,
        ratedKva: t.ratedKva,
        weak: weak.has(t.id),
        tapV: 228 + rng.float(-1.5, 1.5),
        phaseOffset: [rng.float(-1.2, 1.2), rng.float(-1.2, 1.2), rng.float(-1.2, 1.2)],
        targetDropV: weak.has(t.id) ? rng.float(36, 42) : rng.float(7, 10),
        lineVPerKw: 0,
        meters: [],
      };
      this.areas.push(area);
      byTransformer.set(t.id, area);
    }
    for (const m of county.topology.meters) {
      const area = byTransformer.get(m.transformerId);
      if (!area) throw new Error(`meter ${m.id} references unknown transformer ${m.transformerId}`);
      const site = county.sim.meters[m.id];
      const meterLoad = load.addMeter(m.id, site?.use ?? 'household');
      area.meters.push(meterLoad);
      this.placement.set(m.id, {
        area,
        lvPosition: site?.lvPosition ?? 0.5,
        phase: mix32(hashString(m.id)) % 3,
        key: mix32(hashString(m.id) ^ 0x5eed_0f17),
      });
    }
    for (const area of this.areas) this.calibrate(area);
  }

  isWeak(transformerId: string): boolean {
    return this.areas.some((a) => a.id === transformerId && a.weak);
  }

  /** The phase (0 = A, 1 = B, 2 = C) a single-phase meter hangs on; a three-phase meter has all three. */
  phaseOf(meterId: string): number {
    const p = this.placement.get(meterId);
    if (!p) throw new Error(`unknown meter ${meterId}`);
    return p.phase;
  }

  /** Active power the transformer carries over the slot a reading at `tsMs` reports, kW. */
  transformerLoadKw(transformerId: string, tsMs: number): number {
    const area = this.areas.find((a) => a.id === transformerId);
    if (!area) throw new Error(`unknown transformer ${transformerId}`);
    return this.areaLoadKw(area, slotEndingAt(tsMs));
  }

  /** Total active power of the area over slot j, kW (sum of its meters: what the transformer carries). */
  private areaLoadKw(area: Area, j: number): number {
    const key = j * this.areas.length + area.index;
    let kw = this.loadCache.get(key);
    if (kw === undefined) {
      kw = 0;
      for (const m of area.meters) kw += this.load.slotEnergy(m, j);
      kw /= SLOT_H;
      // Readings move forward in time; an unbounded cache would only grow.
      if (this.loadCache.size > 400_000) this.loadCache.clear();
      this.loadCache.set(key, kw);
    }
    return kw;
  }

  /** Phase-to-neutral voltage(s) at the meter: one value for single-phase, A/B/C for three-phase. */
  voltageAt(meterId: string, phases: 1 | 3, tsMs: number): number[] {
    const p = this.placement.get(meterId);
    if (!p) throw new Error(`unknown meter ${meterId}`);
    const j = slotEndingAt(tsMs);
    const { area } = p;
    const kw = this.areaLoadKw(area, j);
    const source = area.tapV + 3.5 - 6 * this.load.countyLoadIndex(j);
    const transformerDrop = (NOMINAL_V * TRANSFORMER_Z_PU * kw) / LOAD_POWER_FACTOR / area.ratedKva;
    const x = p.lvPosition;
    const lineDrop = area.lineVPerKw * kw * x * (2 - x);
    const common = source - transformerDrop - lineDrop;
    const minute = floor(tsMs / 60_000);
    const one = (phase: number) =>
      softFloor(common + area.phaseOffset[phase] + (hashUnit(p.key, minute, phase) - 0.5) * 0.8);
    return phases === 3 ? [one(0), one(1), one(2)] : [one(p.phase)];
  }

  /**
   * Sets the line impedance so the far end drops `targetDropV` at the reference load: the annual peak for
   * healthy areas, the lightest day's peak for weak ones (so even mild days are low-voltage).
   */
  private calibrate(area: Area): void {
    const start = floor(Date.UTC(2025, 0, 1) / SLOT_MS);
    const dailyPeaks: number[] = [];
    // Every third day of a reference year, one slot per hour (the evening peak lasts hours, so this finds it).
    for (let d = 0; d < 365; d += 3) {
      let peak = 0;
      for (let h = 0; h < 24; h++) {
        const j = start + d * 96 + h * 4 + 1;
        let kw = 0;
        for (const m of area.meters) kw += this.load.smooth(m, j);
        peak = max(peak, kw / SLOT_H);
      }
      dailyPeaks.push(peak);
    }
    dailyPeaks.sort((a, b) => a - b);
    const reference = area.weak
      ? dailyPeaks[0]
      : // Noise is left out of the sample; the margin covers it for all but the tiniest areas.
        dailyPeaks[dailyPeaks.length - 1] * 1.2;
    area.lineVPerKw = reference > 0 ? area.targetDropV / reference : 0;
  }
}

interface Area {
  index: number;
  id: string;
  ratedKva: number;
  weak: boolean;
  tapV: number;
  phaseOffset: [number, number, number];
  targetDropV: number;
  lineVPerKw: number;
  meters: MeterLoad[];
}

interface Placement {
  area: Area;
  lvPosition: number;
  phase: number;
  key: number;
}

/** Below ~175 V motors stall and heaters draw less: voltage sags ever more slowly towards ~150 V. */
function softFloor(v: number): number {
  return v >= 175 ? v : 175 - 25 * tanh((175 - v) / 25);
}
