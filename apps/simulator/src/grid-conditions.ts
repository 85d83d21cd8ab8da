import { groupBy } from './collections.util';
import { FaultEffects, GatewayCut, NO_SUPPLY, Span, SupplyCut, VoltageScale } from './fault.model';

/** A stretch of time over which a meter's lost phases do not change. */
export interface SupplySegment extends Span {
  lostPhases: number;
}

/** What the physics (FleetModel) needs to know about faults. */
export interface SupplyOverlay {
  /** Sorted, non-overlapping; empty for a meter no fault touches. */
  supplySegments(meterId: string): readonly SupplySegment[];
  voltageFactorAt(meterId: string, tsMs: number): number;
}

const NONE: readonly never[] = [];

/**
 * The state of the grid as all injected faults make it, per device and over time: which phases each meter
 * has lost when, which concentrators are without power or uplink. Overlapping faults combine (a feeder
 * outage on top of a transformer outage keeps the area dark until both are over).
 */
export class GridConditions implements SupplyOverlay {
  private cuts = new Map<string, SupplyCut[]>();
  private segments = new Map<string, SupplySegment[]>();
  private scales = new Map<string, VoltageScale[]>();
  private gatewayPower = new Map<string, GatewayCut[]>();
  private gatewayLink = new Map<string, GatewayCut[]>();

  update(all: FaultEffects[]): void {
    this.cuts = groupBy(
      all.flatMap((e) => e.supply),
      (c) => c.meterId,
    );
    this.segments = new Map([...this.cuts].map(([id, cuts]) => [id, segmentsOf(cuts)]));
    this.scales = groupBy(
      all.flatMap((e) => e.voltage),
      (v) => v.meterId,
    );
    this.gatewayPower = groupBy(
      all.flatMap((e) => e.gatewayPower),
      (g) => g.gatewayId,
    );
    this.gatewayLink = groupBy(
      all.flatMap((e) => e.gatewayLink),
      (g) => g.gatewayId,
    );
  }

  supplySegments(meterId: string): readonly SupplySegment[] {
    return this.segments.get(meterId) ?? NONE;
  }

  lostPhasesAt(meterId: string, tsMs: number): number {
    const segs = this.segments.get(meterId);
    return segs?.find((s) => s.from <= tsMs && tsMs < s.to)?.lostPhases ?? 0;
  }

  isPowered(meterId: string, tsMs: number): boolean {
    return this.lostPhasesAt(meterId, tsMs) !== NO_SUPPLY;
  }

  voltageFactorAt(meterId: string, tsMs: number): number {
    let factor = 1;
    for (const v of this.scales.get(meterId) ?? NONE) if (v.from <= tsMs && tsMs < v.to) factor *= v.factor;
    return factor;
  }

  supplyCutsOf(meterId: string): readonly SupplyCut[] {
    return this.cuts.get(meterId) ?? NONE;
  }

  gatewayPowerCutsOf(gatewayId: string): readonly GatewayCut[] {
    return this.gatewayPower.get(gatewayId) ?? NONE;
  }

  gatewayLinkCutsOf(gatewayId: string): readonly GatewayCut[] {
    return this.gatewayLink.get(gatewayId) ?? NONE;
  }

  /** Meters with any supply cut, past or future. */
  cutMeterIds(): string[] {
    return [...this.cuts.keys()];
  }

  /** Concentrators with any power or uplink cut, past or future. */
  cutGatewayIds(): string[] {
    return [...new Set([...this.gatewayPower.keys(), ...this.gatewayLink.keys()])];
  }
}

/** Union of spans: sorted, with overlapping or touching spans joined. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** Maximal runs of back-to-back segments that satisfy `keep`. */
export function runsOf(segments: readonly SupplySegment[], keep: (s: SupplySegment) => boolean): Span[] {
  return mergeSpans(segments.filter(keep));
}

/** The fault whose cut, among those in force at `at`, began first: it caused what starts at `at`. */
export function causeAt<T extends Span & { faultId: string }>(cuts: readonly T[], at: number): string {
  const active = cuts.filter((c) => c.from <= at && at < c.to).sort((a, b) => a.from - b.from);
  return (active[0] ?? cuts[0]).faultId;
}

function segmentsOf(cuts: SupplyCut[]): SupplySegment[] {
  const edges = [...new Set(cuts.flatMap((c) => [c.from, c.to]))].sort((a, b) => a - b);
  const out: SupplySegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [from, to] = [edges[i], edges[i + 1]];
    let lostPhases = 0;
    for (const c of cuts) if (c.from <= from && to <= c.to) lostPhases |= c.lostPhases;
    if (lostPhases === 0) continue;
    const last = out[out.length - 1];
    if (last && last.to === from && last.lostPhases === lostPhases) last.to = to;
    else out.push({ from, to, lostPhases });
  }
  return out;
}
