import type { GridIndex } from '../topology/grid-index';
import { DetectorState } from './detector-state';
import { EngineContext } from './engine-context';
import { LinkRules } from './link.rules';
import { OutageRules } from './outage.rules';
import type { OpenIncident } from './open-incident';
import type { DetectionRules, IncidentSink, PingPort, Scheduler } from './ports';
import { SilenceWatch } from './silence.watch';
import { VoltageRules } from './voltage.rules';

export type MeterEventType =
  | 'power_down'
  | 'power_up'
  | 'phase_loss'
  | 'phase_restore'
  | 'cover_open'
  | 'reverse_energy'
  | 'battery_low';

/**
 * Turns device evidence into incidents (CONTRACT 2). Inputs are the messages of CONTRACT 1 as
 * decoded, and the outcome of on-demand reads; outputs go to the {@link IncidentSink} and the
 * {@link PingPort}. Single-threaded and synchronous: each input is applied completely before the
 * next, so there are no races between rules.
 */
export class DetectorEngine {
  readonly state: DetectorState;
  private readonly ctx: EngineContext;
  private readonly outage: OutageRules;
  private readonly link: LinkRules;
  private readonly voltage: VoltageRules;
  private readonly silence: SilenceWatch;

  constructor(
    index: GridIndex,
    rules: DetectionRules,
    clock: Scheduler,
    sink: IncidentSink,
    pinger: PingPort,
  ) {
    this.state = new DetectorState(index);
    this.ctx = new EngineContext(index, this.state, rules, clock, sink, pinger);
    this.outage = new OutageRules(this.ctx);
    this.link = new LinkRules(this.ctx, this.outage);
    this.voltage = new VoltageRules(this.ctx);
    this.silence = new SilenceWatch(index.meterIds.length);
  }

  get index(): GridIndex {
    return this.ctx.index;
  }

  /** A reading (or the answer to a ping): the meter has supply and a link at `ts`. */
  reading(
    meter: number,
    r: { ts: number; energyKwh: number | null; voltage: (number | null)[] },
    receivedAt: number,
    viaGateway: boolean,
  ): void {
    const s = this.state;
    const ts = this.ctx.deviceTime(r.ts, receivedAt);
    const energyBefore = s.lastEnergy[meter];
    if (!(s.lastSeen[meter] > receivedAt)) s.lastSeen[meter] = receivedAt;
    if (!(s.lastReadingTs[meter] > ts)) {
      s.lastReadingTs[meter] = ts;
      if (r.energyKwh !== null) s.lastEnergy[meter] = r.energyKwh;
    }
    s.uplink[meter] = viaGateway ? 1 : 2;
    this.silence.expect(
      meter,
      receivedAt + this.ctx.index.meterIntervalMs[meter] + this.ctx.rules.silenceGraceMs,
    );
    if (!this.link.reading(meter, ts, energyBefore, r.energyKwh, receivedAt)) {
      if (!this.outage.meterBack(meter, ts, 'reading')) this.voltage.phaseBack(meter, ts, 'reading');
    }
    this.voltage.reading(meter, ts, r.voltage);
  }

  meterEvent(
    meter: number,
    type: MeterEventType,
    ts: number,
    receivedAt: number,
    phase: 'A' | 'B' | 'C' | null,
  ): void {
    const at = this.ctx.deviceTime(ts, receivedAt);
    switch (type) {
      case 'power_down':
        return this.outage.lastGasp(meter, ts, receivedAt);
      case 'power_up':
        // A repeat (redelivery, replay after a restart) or older than one already seen.
        if (this.state.lastPowerUp[meter] >= at) return;
        this.state.lastPowerUp[meter] = at;
        if (this.outage.meterBack(meter, at, 'power_up') || this.voltage.phaseBack(meter, at, 'power_up'))
          return;
        return this.outage.unexplainedPowerUp(meter, at);
      case 'phase_loss':
        return phase ? this.voltage.phaseLost(meter, phase, at) : undefined;
      case 'phase_restore':
        this.voltage.phaseBack(meter, at, 'in_band');
        return;
      case 'cover_open':
      case 'reverse_energy':
      case 'battery_low':
        return;
    }
  }

  gatewayStatus(
    gatewayId: string,
    state: 'online' | 'offline' | 'power_down',
    ts: number,
    receivedAt: number,
  ): void {
    const area = this.ctx.index.gatewayArea.get(gatewayId);
    if (area === undefined) return;
    const at = this.ctx.deviceTime(ts, receivedAt);
    switch (state) {
      case 'power_down':
        this.state.areas[area].gateway = 'power_down';
        return this.outage.gatewayPowerDown(area, ts, receivedAt);
      case 'offline':
        // After a power_down the will is expected: the area is already known dark.
        if (this.state.areas[area].gateway === 'power_down') return;
        return this.link.gatewayOffline(area, at);
      case 'online':
        return this.link.gatewayOnline(area, at);
    }
  }

  pingAnswered(meter: number, at: number): void {
    this.state.lastSeen[meter] = Math.max(this.state.lastSeen[meter] || 0, at);
    this.link.pingAnswered(meter);
    this.outage.pingAnswered(meter, at);
  }

  pingUnanswered(meter: number): void {
    this.link.pingUnanswered(meter);
    this.outage.pingUnanswered(meter);
  }

  /** Takes over an incident left open by an earlier run (restart): its meters, and asking after them. */
  adopt(incident: OpenIncident): void {
    incident.touch();
    this.state.open.add(incident);
    const held = incident.kind === 'voltage' ? this.state.voltageIncident : this.state.supplyIncident;
    for (const [m, rec] of incident.meters) if (rec.restoredAt === null) held.set(m, incident);
    if (incident.kind === 'outage') this.outage.resume(incident);
  }

  /** Meters whose silence deadline passed by now; called every few seconds. */
  tick(): void {
    for (const meter of this.silence.due(this.ctx.now())) this.link.silent(meter);
  }
}
