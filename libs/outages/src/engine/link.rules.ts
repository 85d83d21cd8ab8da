import { CAN_GASP } from '../topology/grid-index';
import type { EngineContext } from './engine-context';
import type { OpenIncident } from './open-incident';
import { spread, type OutageRules } from './outage.rules';

/** Silent meters found at one deadline tick are weighed together. */
const GATHER_MS = 5_000;
/** Without readings after a concentrator is back, a link incident closes anyway after this. */
const BACKLOG_WAIT_MS = 10 * 60_000;

/**
 * Communication (kind communication): a concentrator whose link dropped — its will `offline` with no
 * power evidence within the hold time — and meters that fell silent while power is on. Closed when
 * readings resume with energy consumed during the gap; registers that stood still instead turn the
 * incident into the outage it was.
 */
export class LinkRules {
  /** Meters asked because they fell silent, by area; those that did not answer. */
  private readonly silentAsked = new Set<number>();
  private readonly silentUnanswered = new Map<number, Set<number>>();
  /** Link incidents waiting for their concentrator's backlog: when it came back, who has reported. */
  private readonly backlog = new Map<
    OpenIncident,
    { onlineAt: number; reported: Set<number>; consumed: number }
  >();

  constructor(
    private readonly ctx: EngineContext,
    private readonly outage: OutageRules,
  ) {}

  gatewayOffline(area: number, at: number): void {
    const a = this.ctx.state.areas[area];
    a.gateway = 'offline';
    a.gatewaySince = at;
    if (this.ctx.state.supplyIncidentsOf(area).some((i) => i.kind === 'outage')) return;
    this.ctx.soon(area, 'comm', this.ctx.rules.commHoldMs, () => this.checkLink(area));
  }

  gatewayOnline(area: number, at: number): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    a.gateway = 'online';
    a.gatewaySince = at;
    ctx.cancel(area, 'comm');
    this.outage.areaMaybeBack(area);
    const link = ctx.state
      .supplyIncidentsOf(area)
      .find((i) => i.kind === 'communication' && i.scope !== 'meter');
    if (!link) return;
    this.backlog.set(link, { onlineAt: at, reported: new Set(), consumed: 0 });
    ctx.soon(area, 'backlog', BACKLOG_WAIT_MS, () => this.settle(link));
  }

  /** The hold time passed with the concentrator still away and no sign of lost supply: a link loss. */
  private checkLink(area: number): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    if (a.gateway !== 'offline' || a.powerDownAt !== null) return;
    if (ctx.state.supplyIncidentsOf(area).length) return;
    const node = ctx.index.areas[area];
    // Meters with their own uplink keep reporting; those behind the concentrator fall silent.
    const behind = node.meters.filter(
      (m) => ctx.state.uplink[m] !== 2 && node.gateways.includes(ctx.index.meterGateway[m] ?? ''),
    );
    if (!behind.length) return;
    const incident = ctx.openIncident('communication', 'transformer', node.transformerId, a.gatewaySince);
    incident.areas.add(area);
    for (const m of behind) {
      incident.addMeter(m, a.gatewaySince, 'gateway');
      ctx.state.supplyIncident.set(m, incident);
    }
    ctx.publish(incident, 'opened');
    ctx.ping(spread(behind, 4), incident);
  }

  /**
   * A reading from a meter in a link incident: counted for the verdict. Returns true when the
   * reading was this rule's business.
   */
  reading(
    meter: number,
    ts: number,
    energyBefore: number,
    energy: number | null,
    receivedAt: number,
  ): boolean {
    const ctx = this.ctx;
    const incident = ctx.state.supplyIncident.get(meter);
    if (!incident || incident.kind !== 'communication') return false;
    if (incident.scope === 'meter') {
      this.closeLink(incident, receivedAt);
      return true;
    }
    let wait = this.backlog.get(incident);
    if (!wait) {
      // Readings before the concentrator said `online` (a lost message): the link is evidently back.
      wait = { onlineAt: receivedAt, reported: new Set(), consumed: 0 };
      this.backlog.set(incident, wait);
    }
    if (!wait.reported.has(meter) && ts > incident.startedAt) {
      wait.reported.add(meter);
      if (energy !== null && Number.isFinite(energyBefore) && energy > energyBefore) wait.consumed++;
    }
    if (wait.reported.size * 2 >= incident.meters.size) this.settle(incident);
    return true;
  }

  /** Most meters have reported after the gap: consumption during it means the power stayed on. */
  private settle(incident: OpenIncident): void {
    const ctx = this.ctx;
    const wait = this.backlog.get(incident);
    this.backlog.delete(incident);
    if (!incident.isOpen) return;
    for (const area of incident.areas) ctx.cancel(area, 'backlog');
    const onlineAt = wait?.onlineAt ?? ctx.now();
    if (!wait || wait.reported.size === 0 || wait.consumed * 2 >= wait.reported.size) {
      this.closeLink(incident, onlineAt);
      return;
    }
    // Registers stood still across the gap: the supply was off after all.
    incident.kind = 'outage';
    for (const m of incident.meters.keys()) incident.restoreMeter(m, onlineAt, 'reading');
    incident.restoredAt = onlineAt;
    incident.status = 'restored';
    ctx.forget(incident);
    ctx.publish(incident, 'restored');
  }

  private closeLink(incident: OpenIncident, at: number): void {
    for (const m of incident.meters.keys()) incident.restoreMeter(m, at, 'reading');
    incident.restoredAt = at;
    incident.status = 'closed';
    incident.closedAt = this.ctx.now();
    this.ctx.publish(incident, 'restored');
    this.ctx.publish(incident, 'closed');
  }

  /** A meter's silence deadline passed. */
  silent(meter: number): void {
    const area = this.ctx.areaOf(meter);
    if (area < 0 || this.ctx.state.supplyIncident.has(meter)) return;
    this.ctx.state.areas[area].silent.add(meter);
    this.ctx.soon(area, 'silence', GATHER_MS, () => this.askSilent(area));
  }

  private askSilent(area: number): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    const now = ctx.now();
    const silent = [...a.silent].filter(
      (m) =>
        !ctx.state.supplyIncident.has(m) &&
        !(ctx.state.lastSeen[m] + ctx.index.meterIntervalMs[m] + ctx.rules.silenceGraceMs > now),
    );
    a.silent.clear();
    // A concentrator that is away is the link rule's case, decided when its hold time ends.
    if (!silent.length || a.gateway === 'offline') return;
    for (const m of silent) this.silentAsked.add(m);
    ctx.ping(silent);
  }

  pingAnswered(meter: number): void {
    this.silentAsked.delete(meter);
  }

  pingUnanswered(meter: number): void {
    if (!this.silentAsked.delete(meter)) return;
    const area = this.ctx.areaOf(meter);
    const set = this.silentUnanswered.get(area) ?? new Set<number>();
    set.add(meter);
    this.silentUnanswered.set(area, set);
    this.ctx.soon(area, 'silent-verdict', 1_000, () => this.silentVerdict(area));
  }

  /**
   * Silent and unanswering while the concentrator is up: for most of an area, a collection fault;
   * for a house, a broken link if its meter could have sent a last gasp and did not, else possibly
   * a house without supply.
   */
  private silentVerdict(area: number): void {
    const ctx = this.ctx;
    const quiet = [...(this.silentUnanswered.get(area) ?? [])].filter(
      (m) => !ctx.state.supplyIncident.has(m),
    );
    this.silentUnanswered.delete(area);
    if (!quiet.length) return;
    const node = ctx.index.areas[area];
    const since = (m: number) => ctx.state.lastSeen[m];
    if (quiet.length >= 2 && quiet.length * 2 >= node.meters.length) {
      const incident = ctx.openIncident(
        'communication',
        'transformer',
        node.transformerId,
        Math.min(...quiet.map(since)),
      );
      incident.areas.add(area);
      for (const m of quiet) this.hold(incident, m, 'silence');
      incident.evidence.silent = quiet.length;
      ctx.publish(incident, 'opened');
      return;
    }
    for (const m of quiet) {
      const kind = ctx.index.meterFlags[m] & CAN_GASP ? 'communication' : 'outage';
      const incident = ctx.openIncident(kind, 'meter', ctx.index.meterIds[m], since(m));
      incident.areas.add(area);
      incident.evidence.silent = 1;
      this.hold(incident, m, 'silence');
      ctx.publish(incident, 'opened');
    }
  }

  private hold(incident: OpenIncident, meter: number, by: 'silence'): void {
    incident.addMeter(meter, this.ctx.state.lastSeen[meter], by);
    this.ctx.state.supplyIncident.set(meter, incident);
  }
}
