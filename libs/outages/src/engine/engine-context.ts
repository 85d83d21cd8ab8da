import type { IncidentKind, IncidentScope } from '@gridcell/contracts';
import type { GridIndex } from '../topology/grid-index';
import type { DetectorState } from './detector-state';
import { OpenIncident } from './open-incident';
import type { DetectionRules, IncidentChange, IncidentSink, PingPort, Scheduler } from './ports';

/** A device timestamp trusted only within this of its receive time (clock skew, buffered uploads). */
const MAX_SKEW_MS = 15 * 60_000;

/**
 * What the rule sets share: the territory, the state, the clock, and the ways out (incident
 * changes, pings). Each rule set owns one family of incidents; they meet here.
 */
export class EngineContext {
  constructor(
    readonly index: GridIndex,
    readonly state: DetectorState,
    readonly rules: DetectionRules,
    readonly clock: Scheduler,
    private readonly sink: IncidentSink,
    private readonly pinger: PingPort,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** A device's timestamp, or the receive time when the device's clock is implausible. */
  deviceTime(ts: number, receivedAt: number): number {
    return Number.isFinite(ts) && ts <= receivedAt + 60_000 && ts >= receivedAt - MAX_SKEW_MS
      ? Math.min(ts, receivedAt)
      : receivedAt;
  }

  /** Runs `task` once after `ms` for this area and purpose, unless one is already pending. */
  soon(area: number, purpose: string, ms: number, task: () => void): void {
    const timers = this.state.areas[area].timers;
    if (timers.has(purpose)) return;
    timers.set(
      purpose,
      this.clock.after(ms, () => {
        timers.delete(purpose);
        task();
      }),
    );
  }

  cancel(area: number, purpose: string): void {
    const timers = this.state.areas[area].timers;
    timers.get(purpose)?.();
    timers.delete(purpose);
  }

  openIncident(kind: IncidentKind, scope: IncidentScope, assetId: string, startedAt: number): OpenIncident {
    const incident = new OpenIncident({ kind, scope, assetId, startedAt, detectedAt: this.now() });
    this.state.open.add(incident);
    return incident;
  }

  /** Tells the writer; an incident that is closed leaves the detector's memory. */
  publish(incident: OpenIncident, change: IncidentChange): void {
    if (change === 'closed') this.forget(incident);
    this.sink.changed(incident, change);
  }

  forget(incident: OpenIncident): void {
    this.state.open.delete(incident);
    const byMeter = incident.kind === 'voltage' ? this.state.voltageIncident : this.state.supplyIncident;
    for (const [meter, held] of byMeter) if (held === incident) byMeter.delete(meter);
  }

  /** Asks meters for a reading, counting the pings on the incident they are for. */
  ping(meters: number[], incident?: OpenIncident): void {
    const now = this.now();
    const due = meters.filter((m) => !(now - this.state.pingedAt[m] < this.rules.pingTimeoutMs));
    if (!due.length) return;
    for (const m of due) this.state.pingedAt[m] = now;
    if (incident) {
      incident.evidence.pingsSent += due.length;
      incident.touch();
    }
    this.pinger.ping(due);
  }

  /** Meters of an area that were heard from (a reading or an answer) after `since`. */
  heardSince(meter: number, since: number): boolean {
    return this.state.lastSeen[meter] > since;
  }

  areaOf(meter: number): number {
    return this.index.meterArea[meter];
  }
}
