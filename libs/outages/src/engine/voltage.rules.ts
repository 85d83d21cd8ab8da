import { THREE_PHASE } from '../topology/grid-index';
import type { EngineContext } from './engine-context';
import type { OpenIncident, RestoreEvidence } from './open-incident';

const NOMINAL_V = 220;
const PHASES = ['A', 'B', 'C'] as const;
type Phase = (typeof PHASES)[number];
/** A phase below this while another is near nominal has been lost (断相). */
const LOST_PHASE_V = 0.5 * NOMINAL_V;
const LIVE_PHASE_V = 0.8 * NOMINAL_V;
/** An area-wide voltage incident when at least this share of its meters (and two) are out of band. */
const AREA_SHARE = 0.3;
/** Houses going dark this recently in an area that then reports a lost phase were that phase. */
const PHASE_OUTAGE_WINDOW_MS = 5 * 60_000;

/**
 * Voltage quality (kind voltage): sustained out-of-band voltage per meter or transformer area
 * (GB/T 12325: 198.0-235.4 V by default, for at least VOLTAGE_MIN_DURATION_S by the meters' own
 * clocks), and a lost phase on three-phase meters — including the single-phase houses it darkens.
 */
export class VoltageRules {
  constructor(private readonly ctx: EngineContext) {}

  /** A reading's voltages: band checks, and lost or returning phases on three-phase meters. */
  reading(meter: number, ts: number, volts: (number | null)[]): void {
    const ctx = this.ctx;
    const present = volts
      .map((v, i) => [v, i] as const)
      .filter((x): x is readonly [number, number] => x[0] !== null);
    if (!present.length) return;
    if (ctx.index.meterFlags[meter] & THREE_PHASE) {
      const live = present.some(([v]) => v >= LIVE_PHASE_V);
      const lost = present.find(([v]) => v < LOST_PHASE_V);
      if (live && lost) return this.phaseLost(meter, PHASES[lost[1]], ts);
    }
    const held = ctx.state.voltageIncident.get(meter);
    if (held?.evidence.phase) this.back(held, meter, ts, 'in_band');
    const { voltageLow: low, voltageHigh: high } = ctx.rules;
    const worst = present.reduce(
      (w, [v]) => (Math.abs(v - NOMINAL_V) > Math.abs(w - NOMINAL_V) ? v : w),
      present[0][0],
    );
    if (worst >= low && worst <= high) {
      ctx.state.voltageOutSince[meter] = NaN;
      const incident = ctx.state.voltageIncident.get(meter);
      if (incident && !incident.evidence.phase) this.back(incident, meter, ts, 'in_band');
      return;
    }
    if (Number.isNaN(ctx.state.voltageOutSince[meter])) ctx.state.voltageOutSince[meter] = ts;
    const incident = ctx.state.voltageIncident.get(meter);
    if (incident) return this.note(incident, worst);
    if (ts - ctx.state.voltageOutSince[meter] < ctx.rules.voltageMinDurationMs) return;
    const area = ctx.areaOf(meter);
    if (area < 0) {
      this.open([meter], 'meter', ctx.index.meterIds[meter], -1, worst);
      return;
    }
    ctx.state.voltageWorst[meter] = worst;
    ctx.state.areas[area].voltageCandidates.add(meter);
    ctx.soon(area, 'voltage', 1_000, () => this.weigh(area));
  }

  /** Meters of one area out of band long enough: one incident for the area, or one per house. */
  private weigh(area: number): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    const fresh = [...a.voltageCandidates].filter((m) => !ctx.state.voltageIncident.has(m));
    a.voltageCandidates.clear();
    if (!fresh.length) return;
    const node = ctx.index.areas[area];
    const open = ctx.state.voltageIncidentsOf(area).filter((i) => !i.evidence.phase);
    const areaWide = open.find((i) => i.scope !== 'meter');
    const worst = (ms: number[]) => ms.map((m) => ctx.state.voltageWorst[m]);
    if (areaWide) {
      for (const m of fresh) this.hold(areaWide, m, ctx.state.voltageOutSince[m]);
      for (const v of worst(fresh)) this.note(areaWide, v);
      ctx.publish(areaWide, 'updated');
      return;
    }
    const houses = open.filter((i) => i.scope === 'meter');
    const count = fresh.length + houses.length;
    if (count < 2 || count < AREA_SHARE * node.meters.length) {
      for (const m of fresh) this.open([m], 'meter', ctx.index.meterIds[m], area, ctx.state.voltageWorst[m]);
      return;
    }
    // Promote the oldest house incident to the area, folding the others into it.
    const [first, ...rest] = houses;
    const incident = first ?? this.open([], 'transformer', node.transformerId, area, NaN, false);
    incident.scope = 'transformer';
    incident.assetId = node.transformerId;
    for (const other of rest) this.fold(other, incident);
    for (const m of fresh) this.hold(incident, m, ctx.state.voltageOutSince[m]);
    for (const v of worst(fresh)) this.note(incident, v);
    ctx.publish(incident, first ? 'updated' : 'opened');
  }

  /** A three-phase meter lost a phase (its event, or a reading with one phase near zero). */
  phaseLost(meter: number, phase: Phase, ts: number): void {
    const ctx = this.ctx;
    if (ctx.state.voltageIncident.get(meter)?.evidence.phase === phase) return;
    const area = ctx.areaOf(meter);
    const same =
      area >= 0 ? ctx.state.voltageIncidentsOf(area).find((i) => i.evidence.phase === phase) : undefined;
    // Houses of the area that went dark just before were on that phase: the same fault.
    const dark =
      area >= 0
        ? ctx.state
            .supplyIncidentsOf(area)
            .filter((i) => i.kind === 'outage' && ctx.now() - i.detectedAt <= PHASE_OUTAGE_WINDOW_MS)
        : [];
    let incident = same ?? (dark.length ? this.convert(dark[0]) : undefined);
    const isNew = !incident;
    incident ??= this.open([], 'meter', ctx.index.meterIds[meter], area, NaN, false);
    for (const other of dark) if (other !== incident) this.fold(other, incident);
    incident.evidence.phase = phase;
    this.hold(incident, meter, ts);
    if (area >= 0 && incident.meters.size > 1) {
      incident.scope = 'transformer';
      incident.assetId = ctx.index.areas[area].transformerId;
    }
    ctx.publish(incident, isNew ? 'opened' : 'updated');
  }

  /** A lost phase is back (phase_restore), or a darkened house's supply (power_up, a reading). */
  phaseBack(meter: number, at: number, by: RestoreEvidence): boolean {
    const incident = this.ctx.state.voltageIncident.get(meter);
    if (!incident?.evidence.phase) return false;
    this.back(incident, meter, at, by);
    return true;
  }

  private back(incident: OpenIncident, meter: number, at: number, by: RestoreEvidence): void {
    const ctx = this.ctx;
    if (!incident.restoreMeter(meter, at, by)) return;
    ctx.state.voltageIncident.delete(meter);
    const all = incident.allRestoredAt();
    if (all === null) return ctx.publish(incident, 'updated');
    incident.restoredAt = all;
    incident.status = 'restored';
    ctx.forget(incident);
    ctx.publish(incident, 'restored');
  }

  /** An outage incident that is really a lost phase becomes a voltage incident, with its meters. */
  private convert(outage: OpenIncident): OpenIncident {
    const ctx = this.ctx;
    outage.kind = 'voltage';
    for (const [m, rec] of outage.meters) {
      if (rec.restoredAt !== null) continue;
      ctx.state.supplyIncident.delete(m);
      ctx.state.voltageIncident.set(m, outage);
    }
    return outage;
  }

  private fold(other: OpenIncident, into: OpenIncident): void {
    const ctx = this.ctx;
    for (const [m, rec] of other.meters)
      if (rec.restoredAt === null) this.hold(into, m, rec.outAt ?? ctx.now());
    other.parentId = into.id;
    other.status = 'closed';
    other.closedAt = ctx.now();
    ctx.publish(other, 'closed');
  }

  private open(
    meters: number[],
    scope: OpenIncident['scope'],
    assetId: string,
    area: number,
    worst: number,
    announce = true,
  ): OpenIncident {
    const ctx = this.ctx;
    const start = meters.length ? Math.min(...meters.map((m) => ctx.state.voltageOutSince[m])) : ctx.now();
    const incident = ctx.openIncident('voltage', scope, assetId, start);
    if (area >= 0) incident.areas.add(area);
    for (const m of meters) this.hold(incident, m, ctx.state.voltageOutSince[m]);
    this.note(incident, worst);
    if (announce) ctx.publish(incident, 'opened');
    return incident;
  }

  private hold(incident: OpenIncident, meter: number, since: number): void {
    incident.addMeter(
      meter,
      Number.isFinite(since) ? since : null,
      incident.evidence.phase ? 'phase_loss' : 'voltage',
    );
    const area = this.ctx.areaOf(meter);
    if (area >= 0) incident.areas.add(area);
    this.ctx.state.voltageIncident.set(meter, incident);
  }

  private note(incident: OpenIncident, v: number): void {
    if (!Number.isFinite(v)) return;
    const e = incident.evidence;
    if (e.minV === null || v < e.minV) e.minV = v;
    if (e.maxV === null || v > e.maxV) e.maxV = v;
    incident.touch();
  }
}
