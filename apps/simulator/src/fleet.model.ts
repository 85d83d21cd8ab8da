import type { County } from './county.generator';
import { NO_SUPPLY } from './fault.model';
import type { SupplyOverlay, SupplySegment } from './grid-conditions';
import { LoadProfileModel, MeterLoad, SLOT_H, SLOT_MS, slotEndingAt } from './load-profile.model';
import { hashString, hashUnit, mix32 } from './prng.util';
import type { MeterItem } from './topology.types';
import { VoltageModel } from './voltage.model';

// Bound once: inside vm sandboxes (jest) every global lookup goes through an interceptor, and these
// functions run millions of times when a fleet's history is computed.
const { PI, floor, max, min, round: roundInt, sin } = Math;

/** One meter reading in the units of CONTRACT 1.1; `ts` is epoch ms, formatting is the publisher's job. */
export interface SimReading {
  meterId: string;
  ts: number;
  energyKwh: number;
  /** Single-phase: one number; three-phase: phases A, B, C. */
  voltageV: number | number[];
  currentA: number | number[];
  powerKw: number;
  powerFactor: number;
  frequencyHz: number;
}

interface MeterPhysics {
  item: MeterItem;
  load: MeterLoad;
  split: number[];
}

const NO_SEGMENTS: readonly SupplySegment[] = [];

/**
 * The whole county's physics behind one pure function: `readingAt(meterId, ts)` depends only on the
 * county (seed), the timestamp and the injected faults (`supply`), so backfill, live intervals, buffered
 * uploads and on-demand reads all agree and a restarted simulator re-publishes identical values.
 *
 * A fault takes away part of the load (a lost phase) or all of it (no supply): the register does not
 * advance by what was not delivered, so it is flat over an outage and every later reading stays
 * consistent with the ones before.
 */
export class FleetModel {
  readonly load: LoadProfileModel;
  readonly voltage: VoltageModel;
  private readonly meters = new Map<string, MeterPhysics>();
  private readonly frequencyKey: number;
  private readonly supply: SupplyOverlay | undefined;

  constructor(
    readonly county: County,
    options: { timeZone: string; supply?: SupplyOverlay },
  ) {
    this.supply = options.supply;
    this.load = new LoadProfileModel({ seed: county.seed, timeZone: options.timeZone });
    // The voltage model registers every meter's load parameters with the load model.
    this.voltage = new VoltageModel(county, this.load);
    for (const item of county.topology.meters) {
      const key = mix32(hashString(item.id) ^ 0x3ba5e);
      // Three-phase loads are never perfectly balanced; keep a fixed per-meter split.
      const raw = [0, 1, 2].map((p) => 0.85 + 0.3 * hashUnit(key, p));
      const sum = raw[0] + raw[1] + raw[2];
      this.meters.set(item.id, { item, load: this.load.meter(item.id), split: raw.map((r) => r / sum) });
    }
    this.frequencyKey = mix32(county.seed ^ 0xf4e9);
  }

  has(meterId: string): boolean {
    return this.meters.has(meterId);
  }

  meterIds(): string[] {
    return [...this.meters.keys()];
  }

  readingAt(meterId: string, tsMs: number): SimReading {
    const m = this.meters.get(meterId);
    if (!m) throw new Error(`unknown meter ${meterId}`);
    const { item, load, split } = m;
    const j = slotEndingAt(tsMs);
    const slotKw = this.load.powerAt(load, tsMs);
    const segments = this.supply?.supplySegments(meterId) ?? NO_SEGMENTS;
    let energyKwh = this.load.energyAt(load, tsMs);
    let powerKw = slotKw;
    let lost = 0;
    if (segments.length > 0) {
      lost = segments.find((s) => s.from <= tsMs && tsMs < s.to)?.lostPhases ?? 0;
      energyKwh -= this.undelivered(m, segments, tsMs);
      // Power is the slot's average, so the slot's energy stays its integral even across a cut.
      const slotStart = j * SLOT_MS;
      const undeliveredInSlot =
        this.undelivered(m, segments, slotStart + SLOT_MS) - this.undelivered(m, segments, slotStart);
      powerKw = lost === NO_SUPPLY ? 0 : slotKw - undeliveredInSlot / SLOT_H;
    }
    const isLost = (p: number) => (item.phases === 3 ? (lost & (1 << p)) !== 0 : lost === NO_SUPPLY);
    const powerFactor = clamp(load.powerFactor + (hashUnit(load.key, j, 7) - 0.5) * 0.03, 0.5, 0.999);
    const factor = this.supply?.voltageFactorAt(meterId, tsMs) ?? 1;
    const minute = floor(tsMs / 60_000);
    const volts = this.voltage
      .voltageAt(meterId, item.phases, tsMs)
      // An open phase still shows a volt or two, induced from its neighbours; a dead meter shows nothing.
      .map((v, p) =>
        !isLost(p) ? v * factor : lost === NO_SUPPLY ? 0 : 0.5 + 1.5 * hashUnit(load.key, minute, p),
      );
    const amps =
      item.phases === 3
        ? volts.map((v, p) => (isLost(p) ? 0 : (slotKw * split[p] * 1000) / (v * powerFactor)))
        : [isLost(0) ? 0 : (slotKw * 1000) / (volts[0] * powerFactor)];
    return {
      meterId,
      ts: tsMs,
      energyKwh: round(energyKwh, 2),
      voltageV: item.phases === 3 ? volts.map((v) => round(v, 1)) : round(volts[0], 1),
      currentA: item.phases === 3 ? amps.map((a) => round(a, 3)) : round(amps[0], 3),
      powerKw: round(powerKw, 4),
      powerFactor: round(powerFactor, 3),
      frequencyHz: round(this.frequencyAt(tsMs), 2),
    };
  }

  /** Energy the meter's load would have drawn, but could not, from the first cut until `tsMs`, kWh. */
  private undelivered(m: MeterPhysics, segments: readonly SupplySegment[], tsMs: number): number {
    let kwh = 0;
    for (const s of segments) {
      if (s.from >= tsMs) break;
      const share =
        s.lostPhases === NO_SUPPLY
          ? 1
          : m.item.phases === 3
            ? m.split.reduce((sum, part, p) => ((s.lostPhases & (1 << p)) !== 0 ? sum + part : sum), 0)
            : 0;
      const drawn = this.load.energyAt(m.load, min(tsMs, s.to)) - this.load.energyAt(m.load, s.from);
      kwh += share * drawn;
    }
    return kwh;
  }

  /** Grid frequency is the same for every meter in the county: 50 Hz ± 0.02, drifting over minutes. */
  frequencyAt(tsMs: number): number {
    const minute = floor(tsMs / 60_000);
    const drift = 0.011 * sin((2 * PI * tsMs) / (23 * 60_000));
    return 50 + drift + (hashUnit(this.frequencyKey, minute) - 0.5) * 0.016;
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return roundInt(x * f) / f;
}

function clamp(x: number, lo: number, hi: number): number {
  return min(hi, max(lo, x));
}
