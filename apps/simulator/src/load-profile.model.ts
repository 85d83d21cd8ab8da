import type { MeterUse } from './county.generator';
import { createRng, hashString, hashUnit, mix32 } from './prng.util';
import { LocalCalendar } from './timezone.util';

// Bound once: inside vm sandboxes (jest) every global lookup goes through an interceptor, and these
// functions run millions of times when a fleet's history is computed.
const { PI, abs, ceil, cos, exp, floor, imul, max, min, pow, round } = Math;

/**
 * Household load on a fixed 15-minute grid ("slots"). A meter's load is a non-negative mix of a few shared
 * unit shapes (always-on, daily activity, heating, cooling, Spring-Festival homecoming, shop hours,
 * irrigation pump), shifted by up to ±45 min per household, plus noise.
 *
 * Why this structure: the energy register must be a deterministic function of (meter, ts) that any
 * process can recompute at any time in any order. Prefix sums of the shared shapes are cached once per
 * model, so the register at a slot boundary is O(1):
 *
 *   E(k) = e0 + Σ_c w_c · C_c(k + shift) + z(k)
 *
 * where C_c is the cumulative energy of shape c and z(k) is bounded per-slot noise. Slot energy is then
 * e(k) = E(k+1) − E(k) = Σ_c w_c · f_c(k + shift) + z(k+1) − z(k), and because |z(k)| ≤ γ · min(D(k−1),
 * D(k)) with γ < ½ it is never negative: the register never decreases, whatever the noise.
 * Within a slot power is constant, so energy is the exact integral of the reported power.
 */

export const SLOT_MS = 900_000;
export const SLOT_H = SLOT_MS / 3_600_000;

/** Registers are defined from here on; earlier timestamps are outside the model. */
export const MODEL_START_MS = Date.UTC(2024, 0, 1);

const enum Shape {
  Base,
  Activity,
  Heating,
  Cooling,
  Homecoming,
  Shop,
  Pump,
}
const SHAPES = 7;

/**
 * Relative noise amplitude γ: appliances switching make 15-min household energy jumpy. Slot energy is at
 * least (1 − 2γ) of the smooth profile, so γ < 0.5 keeps every slot strictly positive.
 */
const NOISE = 0.45;

/** Lunar new year (春节) dates: migrant workers come home for roughly a week before to ten days after. */
const SPRING_FESTIVAL: Record<number, string> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
  2036: '2036-01-28',
  2037: '2037-02-15',
  2038: '2038-02-04',
  2039: '2039-01-24',
  2040: '2040-02-12',
};

export interface MeterLoad {
  readonly key: number;
  readonly use: MeterUse;
  /** kW at unit shape, per shape. */
  readonly weights: Float64Array;
  /** Habit offset in slots (−3..3): not every family cooks at the same minute. */
  readonly shift: number;
  /** Register at the model's origin, kWh. */
  readonly e0: number;
  readonly powerFactor: number;
}

export interface LoadProfileOptions {
  seed: number;
  timeZone: string;
}

export class LoadProfileModel {
  readonly calendar: LocalCalendar;
  private readonly shapes: ShapeSeries;
  private readonly meters = new Map<string, MeterLoad>();

  constructor(private readonly options: LoadProfileOptions) {
    this.calendar = new LocalCalendar(options.timeZone);
    this.shapes = new ShapeSeries(this.calendar, options.seed >>> 0);
  }

  /** Registers a meter's household parameters, derived from (seed, meterId, use) alone. */
  addMeter(meterId: string, use: MeterUse): MeterLoad {
    const existing = this.meters.get(meterId);
    if (existing) return existing;
    const load = deriveMeterLoad(this.options.seed, meterId, use);
    this.meters.set(meterId, load);
    return load;
  }

  meter(meterId: string): MeterLoad {
    const load = this.meters.get(meterId);
    if (!load) throw new Error(`unknown meter ${meterId}`);
    return load;
  }

  /** Cumulative register at `tsMs`, kWh, unrounded. */
  energyAt(load: MeterLoad, tsMs: number): number {
    const k = floor(tsMs / SLOT_MS);
    const frac = (tsMs - k * SLOT_MS) / SLOT_MS;
    const base = this.registerAtSlot(load, k);
    return frac === 0 ? base : base + frac * this.slotEnergy(load, k);
  }

  /** Energy consumed in slot k ([k, k+1) × 15 min), kWh, computed from the shapes directly. */
  slotEnergy(load: MeterLoad, k: number): number {
    return this.smooth(load, k) + this.noise(load, k + 1) - this.noise(load, k);
  }

  /** Average power over the slot that `tsMs` closes or lies in: a reading at a boundary reports the slot just ended. */
  powerAt(load: MeterLoad, tsMs: number): number {
    return this.slotEnergy(load, slotEndingAt(tsMs)) / SLOT_H;
  }

  /** Register at the start of slot k. */
  registerAtSlot(load: MeterLoad, k: number): number {
    const i = this.shapes.index(k + load.shift);
    let sum = 0;
    for (let c = 0; c < SHAPES; c++) {
      const w = load.weights[c];
      if (w !== 0) sum += w * this.shapes.cumulative(c, i);
    }
    return load.e0 + sum + this.noise(load, k);
  }

  /** The noise-free expected slot energy, kWh: what a planner's load curve would show. */
  smooth(load: MeterLoad, k: number): number {
    const i = this.shapes.index(k + load.shift);
    let sum = 0;
    for (let c = 0; c < SHAPES; c++) {
      const w = load.weights[c];
      if (w !== 0) sum += w * this.shapes.value(c, i);
    }
    return sum;
  }

  /** A county-wide load index in [0, 1] for the MV feeder voltage: how busy an average home is. */
  countyLoadIndex(k: number): number {
    const i = this.shapes.index(k);
    const kw =
      (0.1 * this.shapes.value(Shape.Base, i) +
        0.75 * this.shapes.value(Shape.Activity, i) +
        0.6 * this.shapes.value(Shape.Heating, i) +
        0.5 * this.shapes.value(Shape.Cooling, i)) /
      SLOT_H;
    return min(1, max(0, kw / 1.4));
  }

  private noise(load: MeterLoad, k: number): number {
    const u = hashUnit(load.key, k);
    const cap = min(this.smooth(load, k - 1), this.smooth(load, k));
    // Centred so the long-run mean equals the smooth profile; bounded by γ·min(D(k−1), D(k)) in magnitude.
    return (u - 0.5) * 2 * NOISE * cap;
  }
}

/** Index of the slot whose average power a reading at `tsMs` carries: (ts − 15 min, ts]. */
export function slotEndingAt(tsMs: number): number {
  return ceil(tsMs / SLOT_MS) - 1;
}

function deriveMeterLoad(seed: number, meterId: string, use: MeterUse): MeterLoad {
  const rng = createRng(seed >>> 0, `load:${meterId}`);
  const w = new Float64Array(SHAPES);
  let pf: number;
  switch (use) {
    case 'household':
      // Calibrated to ~2,000-3,000 kWh a year, typical of rural Hubei households.
      w[Shape.Base] = rng.float(0.04, 0.1);
      w[Shape.Activity] = rng.float(0.25, 0.85);
      // Electric heaters / blankets in ~75% of homes, air conditioners in ~60% (Hubei has no district heating).
      w[Shape.Heating] = rng.chance(0.75) ? rng.float(0.2, 0.9) : 0.03;
      w[Shape.Cooling] = rng.chance(0.6) ? rng.float(0.2, 0.9) : 0.05;
      w[Shape.Homecoming] = rng.float(0.1, 0.3);
      pf = rng.float(0.9, 0.97);
      break;
    case 'empty':
      // A grandparent or nobody: fridge and a light, until the family is back for Spring Festival.
      w[Shape.Base] = rng.float(0.015, 0.04);
      w[Shape.Activity] = rng.float(0.02, 0.1);
      w[Shape.Heating] = rng.chance(0.3) ? rng.float(0.05, 0.2) : 0;
      w[Shape.Homecoming] = rng.float(0.4, 0.9);
      pf = rng.float(0.8, 0.9);
      break;
    case 'shop':
      w[Shape.Base] = rng.float(0.2, 0.6);
      w[Shape.Shop] = rng.float(0.5, 2.5);
      w[Shape.Activity] = rng.float(0.2, 0.6);
      w[Shape.Cooling] = rng.float(0.4, 1.2);
      w[Shape.Heating] = rng.float(0.2, 0.6);
      pf = rng.float(0.88, 0.95);
      break;
    case 'pump':
      w[Shape.Base] = rng.float(0.01, 0.03);
      w[Shape.Pump] = rng.float(4, 11);
      pf = rng.float(0.8, 0.87);
      break;
  }
  return {
    key: mix32(hashString(meterId) ^ imul(seed >>> 0, 0x9e3779b1)),
    use,
    weights: w,
    shift: rng.int(-3, 3),
    // Log-uniform 200..4000 kWh: meters installed at different times in different homes.
    e0: round(200 * pow(20, rng.next()) * 100) / 100,
    powerFactor: pf,
  };
}

/**
 * Per-slot values (kWh per unit weight) and prefix sums of every shape, grown lazily from MODEL_START_MS.
 * Sums are always accumulated in slot order, so a register value never depends on which timestamps were
 * asked for first.
 */
class ShapeSeries {
  private readonly origin = floor(MODEL_START_MS / SLOT_MS);
  private length = 0;
  private values: Float64Array[] = [];
  private sums: Float64Array[] = [];
  private readonly weatherKey: number;
  private readonly pumpKey: number;
  private readonly festivalDay = new Map<number, number>();

  constructor(
    private readonly calendar: LocalCalendar,
    seed: number,
  ) {
    this.weatherKey = mix32(seed ^ 0x57a7e11e);
    this.pumpKey = mix32(seed ^ 0x0b0e5a1d);
  }

  /** Array index for absolute slot k (shapes are read at k − 1 … k + 1, so allow one slot of margin). */
  index(k: number): number {
    const i = k - this.origin;
    if (i < 4) {
      throw new RangeError(
        `timestamp ${new Date(k * SLOT_MS).toISOString()} is before the load model start (2024)`,
      );
    }
    if (i + 2 >= this.length) this.grow(i + 2);
    return i;
  }

  value(c: number, i: number): number {
    return this.values[c][i];
  }

  /** Energy of shape c in slots [origin, origin + i). */
  cumulative(c: number, i: number): number {
    return this.sums[c][i];
  }

  private grow(needed: number): void {
    // A year at a time: 35k slots × 7 shapes × 2 arrays ≈ 4 MB.
    const target = max(needed + 1, this.length + 96 * 366);
    const values = Array.from({ length: SHAPES }, (_, c) => {
      const next = new Float64Array(target);
      if (this.values[c]) next.set(this.values[c].subarray(0, this.length));
      return next;
    });
    const sums = Array.from({ length: SHAPES }, (_, c) => {
      const next = new Float64Array(target + 1);
      if (this.sums[c]) next.set(this.sums[c].subarray(0, this.length + 1));
      return next;
    });
    const out = new Float64Array(SHAPES);
    for (let i = this.length; i < target; i++) {
      this.evaluate((this.origin + i) * SLOT_MS + SLOT_MS / 2, out);
      for (let c = 0; c < SHAPES; c++) {
        values[c][i] = out[c] * SLOT_H;
        sums[c][i + 1] = sums[c][i] + values[c][i];
      }
    }
    this.values = values;
    this.sums = sums;
    this.length = target;
  }

  /** Unit shapes in kW at the local time of `tsMs` (the slot's midpoint). */
  private evaluate(tsMs: number, out: Float64Array): void {
    const t = this.calendar.parts(tsMs);
    const h = t.hour;
    const weekend = t.weekday === 0 || t.weekday === 6;
    const doy = t.dayOfYear;
    const season = (peakDoy: number) => cos((2 * PI * (doy - peakDoy)) / 365.25);
    // Heating from mid-October to mid-April, strongest mid-January; cooling mid-May to early October.
    const heat = pow(max(0, season(15)), 1.3);
    const cool = max(0, (season(205) - 0.35) / 0.65);
    const irrigation = max(0, (season(180) - 0.2) / 0.8);
    const winterness = season(355);
    const weather = this.weather(t.localDayNumber);

    // Sunset moves from ~17:20 in December to ~19:20 in June, and the evening peak with it.
    const evening = 19.5 - 0.5 * winterness;
    const activity =
      0.04 +
      0.5 * bump(h, weekend ? 7.8 : 6.9, 0.75) +
      0.35 * bump(h, 11.8, 0.6) +
      (weekend ? 0.22 : 0.1) * plateau(h, 9, 17) +
      1.0 * bump(h, evening, 1.3) +
      0.15 * bump(h, 22.3, 0.8);

    out[Shape.Base] = 1 + 0.25 * cool; // fridges work harder in summer
    out[Shape.Activity] = activity;
    out[Shape.Heating] =
      heat *
      weather *
      (0.2 * bump(h, 2, 3) + 0.7 * bump(h, 7, 1) + 1.0 * bump(h, 20, 1.8) + 0.15 * plateau(h, 9, 17));
    out[Shape.Cooling] =
      cool * weather * (0.35 * bump(h, 14.5, 2) + 1.0 * bump(h, 21.5, 1.8) + 0.55 * bump(h, 2.5, 2.5));
    out[Shape.Homecoming] = activity * this.springFestivalPresence(t.year, t.localDayNumber);
    out[Shape.Shop] = 0.15 + 0.85 * plateau(h, 7.3, 21.5) * (weekend ? 1.1 : 1) + 0.25 * bump(h, 19.5, 1.5);
    // Paddy irrigation: daytime, in season, on the days the village's water rota comes round.
    const pumpDay = hashUnit(this.pumpKey, t.localDayNumber) < 0.55 ? 1 : 0;
    out[Shape.Pump] = irrigation * pumpDay * plateau(h, 6.5, 17.5);
  }

  /** County-wide weather multiplier for heating/cooling/irrigation, 0.75-1.25, persistent over ~3 days. */
  private weather(day: number): number {
    const u = (d: number) => hashUnit(this.weatherKey, d);
    return 0.75 + 0.5 * (0.25 * u(day - 1) + 0.5 * u(day) + 0.25 * u(day + 1));
  }

  private springFestivalPresence(year: number, day: number): number {
    let festival = this.festivalDay.get(year);
    if (festival === undefined) {
      festival = floor(Date.parse(`${SPRING_FESTIVAL[year] ?? `${year}-02-05`}T00:00:00Z`) / 86_400_000);
      this.festivalDay.set(year, festival);
    }
    const d = day - festival;
    return min(1, max(0, min(d + 11, 15 - d) / 3));
  }
}

/** Gaussian bump on the 24 h circle. */
function bump(h: number, centre: number, width: number): number {
  let d = abs(h - centre);
  if (d > 12) d = 24 - d;
  return exp(-(d * d) / (2 * width * width));
}

/** Smooth "on between a and b" (local hours). */
function plateau(h: number, a: number, b: number): number {
  return sigmoid((h - a) * 2) * sigmoid((b - h) * 2);
}

function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}
