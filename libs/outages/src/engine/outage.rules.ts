import type { EngineContext } from './engine-context';
import type { OpenIncident, OutEvidence, RestoreEvidence } from './open-incident';

/** Last gasps arriving together are weighed together: a burst from one area is one decision. */
const GATHER_MS = 250;
/** power_up without an outage: wait this long for the rest of the area (and feeder) to say so too. */
const MOMENTARY_GATHER_MS = 10_000;
/** Neighbours asked when one house gasps, to tell a house fault from the start of an area outage. */
const NEIGHBOURS_ASKED = 6;
/** After an incident is restored, its meters' late power_ups still belong to it (and sharpen its times). */
const LATE_NEWS_MS = 10 * 60_000;

/**
 * Supply interruptions (kinds outage and momentary): from last gasps, concentrators' power-down,
 * unanswered pings, to incidents scoped up the topology — one house, its transformer area, the
 * feeder — and back down as meters return (power_up, answered pings, readings), splitting off
 * houses still dark after their area is back.
 */
export class OutageRules {
  /** Sibling meters pinged to test a one-house incident, and the incident asking. */
  private readonly probes = new Map<number, OpenIncident>();
  private readonly repings = new Map<string, () => void>();
  /** When each pending last gasp says its meter lost supply. */
  private readonly gaspTimes = new Map<number, number>();
  /** Meters of incidents restored within LATE_NEWS_MS, and the incident. */
  private readonly recentlyBack = new Map<number, OpenIncident>();

  constructor(private readonly ctx: EngineContext) {}

  lastGasp(meter: number, ts: number, receivedAt: number): void {
    const ctx = this.ctx;
    const sent = ctx.deviceTime(ts, receivedAt);
    // Older than a power_up or a reading already seen: late news of something already over.
    if (sent <= ctx.state.lastPowerUp[meter] || sent <= ctx.state.lastReadingTs[meter]) return;
    const lostAt = sent - ctx.rules.lastGaspDelayMs;
    const held = ctx.state.supplyIncident.get(meter);
    if (held && held.kind !== 'communication') {
      if (held.meters.get(meter)?.outBy === 'last_gasp') return;
      held.evidence.lastGasps++;
      held.addMeter(meter, lostAt, 'last_gasp');
      ctx.publish(held, 'updated');
      return;
    }
    const area = ctx.areaOf(meter);
    if (area < 0) return this.houseOut(meter, lostAt);
    ctx.state.areas[area].pendingGasps.add(meter);
    this.gaspTimes.set(meter, lostAt);
    ctx.soon(area, 'evaluate', GATHER_MS, () => this.evaluate(area));
  }

  gatewayPowerDown(area: number, ts: number, receivedAt: number): void {
    const a = this.ctx.state.areas[area];
    a.powerDownAt = this.ctx.deviceTime(ts, receivedAt) - this.ctx.rules.lastGaspDelayMs;
    this.ctx.cancel(area, 'comm');
    this.ctx.soon(area, 'evaluate', 0, () => this.evaluate(area));
  }

  /** Evidence of supply in an area (a concentrator back online): look at who is back. */
  areaMaybeBack(area: number): void {
    for (const incident of this.ctx.state.supplyIncidentsOf(area))
      if (incident.kind !== 'communication') this.pingUnrestored(incident, area);
  }

  /** Weighs an area's fresh last gasps (and its concentrator's word) against what is already open. */
  evaluate(area: number): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    const gasps = new Map([...a.pendingGasps].map((m) => [m, this.gaspTimes.get(m) ?? ctx.now()] as const));
    for (const m of gasps.keys()) this.gaspTimes.delete(m);
    a.pendingGasps.clear();
    const open = ctx.state.supplyIncidentsOf(area);
    const areaWide = open.find((i) => i.kind !== 'communication' && i.scope !== 'meter');
    if (areaWide) return this.join(areaWide, area, gasps);
    const houses = open.filter(
      (i) =>
        i.kind === 'outage' && i.scope === 'meter' && ctx.now() - i.detectedAt <= ctx.rules.feederWindowMs,
    );
    const link = open.find((i) => i.kind === 'communication');
    const gasped = gasps.size + houses.reduce((n, i) => n + i.meters.size, 0);
    if (a.powerDownAt !== null || gasped >= 2 || (link && gasped > 0))
      return this.areaOut(area, gasps, houses, link);
    for (const [meter, at] of gasps) this.houseOut(meter, at);
  }

  /** The whole area is out: one incident for it, or part of its feeder's. */
  private areaOut(
    area: number,
    gasps: Map<number, number>,
    houses: OpenIncident[],
    link?: OpenIncident,
  ): void {
    const ctx = this.ctx;
    const node = ctx.index.areas[area];
    const partner = this.feederPartner(area);
    const incident =
      partner ??
      link ??
      houses[0] ??
      ctx.openIncident('outage', 'transformer', node.transformerId, ctx.now());
    const isNew = incident.version === 0;
    if (incident === link) incident.kind = 'outage';
    if (incident.scope === 'meter') {
      incident.scope = 'transformer';
      incident.assetId = node.transformerId;
    }
    for (const other of houses)
      if (other !== incident) {
        for (const [m, rec] of other.meters)
          if (rec.restoredAt === null) gasps.set(m, rec.outAt ?? ctx.now());
        other.parentId = incident.id;
        other.status = 'closed';
        other.closedAt = ctx.now();
        ctx.publish(other, 'closed');
      }
    this.join(incident, area, gasps);
    if (isNew) ctx.publish(incident, 'opened');
  }

  /** Adds an area's meters to an incident: those that gasped, and the rest unless heard from since. */
  private join(incident: OpenIncident, area: number, gasps: Map<number, number>): void {
    const ctx = this.ctx;
    const a = ctx.state.areas[area];
    const node = ctx.index.areas[area];
    const firstGasp = Math.min(...gasps.values(), a.powerDownAt ?? Infinity);
    const since = Math.min(Number.isFinite(firstGasp) ? firstGasp : incident.startedAt, incident.startedAt);
    incident.areas.add(area);
    if (incident.areas.size > 1 && incident.scope !== 'feeder') {
      incident.scope = 'feeder';
      incident.assetId = node.feederId;
    }
    const unconfirmed: number[] = [];
    for (const m of node.meters) {
      const held = ctx.state.supplyIncident.get(m);
      if (held && held !== incident && held.kind !== 'communication') continue;
      const gasp = gasps.get(m);
      if (gasp !== undefined) {
        incident.addMeter(m, gasp, 'last_gasp');
        incident.evidence.lastGasps++;
      } else if (ctx.heardSince(m, since + ctx.rules.lastGaspDelayMs)) {
        // Heard from after the first evidence was sent: it has supply.
        continue;
      } else if (!incident.meters.has(m)) {
        const by: OutEvidence = a.powerDownAt !== null ? 'gateway' : 'area';
        incident.addMeter(m, a.powerDownAt ?? since, by);
        unconfirmed.push(m);
      }
      ctx.state.supplyIncident.set(m, incident);
    }
    ctx.ping(unconfirmed, incident);
    this.keepAsking(incident);
    if (incident.version > 0) ctx.publish(incident, 'updated');
  }

  /** An open area-wide outage on the same feeder that began within the feeder window, not yet coming back. */
  private feederPartner(area: number): OpenIncident | undefined {
    const ctx = this.ctx;
    const feeder = ctx.index.areas[area].feederId;
    return [...ctx.state.open].find(
      (i) =>
        i.kind === 'outage' &&
        i.scope !== 'meter' &&
        !i.areas.has(area) &&
        i.firstRestoreAt.size === 0 &&
        ctx.now() - i.detectedAt <= ctx.rules.feederWindowMs &&
        [...i.areas].some((x) => ctx.index.areas[x].feederId === feeder),
    );
  }

  /** One house gasped: an incident for it at once, and its neighbours asked whether they still have supply. */
  private houseOut(meter: number, lostAt: number): void {
    const ctx = this.ctx;
    const incident = ctx.openIncident('outage', 'meter', ctx.index.meterIds[meter], lostAt);
    const area = ctx.areaOf(meter);
    if (area >= 0) incident.areas.add(area);
    incident.addMeter(meter, lostAt, 'last_gasp');
    incident.evidence.lastGasps++;
    ctx.state.supplyIncident.set(meter, incident);
    ctx.publish(incident, 'opened');
    const neighbours =
      area < 0
        ? []
        : spread(
            ctx.index.areas[area].meters.filter((m) => m !== meter),
            NEIGHBOURS_ASKED,
          );
    for (const m of neighbours) this.probes.set(m, incident);
    ctx.ping([meter, ...neighbours], incident);
    this.keepAsking(incident);
  }

  /** An incident adopted after a restart: keep asking after its meters, and watch for stragglers. */
  resume(incident: OpenIncident): void {
    this.keepAsking(incident);
    for (const area of incident.firstRestoreAt.keys())
      this.ctx.soon(area, `stragglers:${incident.id}`, this.ctx.rules.stragglerMs, () =>
        this.stragglers(incident, area),
      );
    this.pingUnrestored(incident);
  }

  pingAnswered(meter: number, at: number): void {
    this.probes.delete(meter);
    const incident = this.ctx.state.supplyIncident.get(meter);
    if (!incident || incident.kind === 'communication') return;
    incident.evidence.pingsAnswered++;
    const rec = incident.meters.get(meter);
    const area = this.ctx.areaOf(meter);
    // Answering while its area was only suspected (nothing has come back yet): it never lost supply.
    const neverOut =
      rec &&
      (rec.outBy === 'area' || rec.outBy === 'gateway') &&
      !incident.firstRestoreAt.has(area) &&
      at - incident.detectedAt < 2 * this.ctx.rules.pingTimeoutMs;
    if (neverOut) {
      incident.dropMeter(meter);
      this.ctx.state.supplyIncident.delete(meter);
      this.finishIfBack(incident);
    } else {
      this.restore(incident, meter, at, 'ping');
    }
  }

  pingUnanswered(meter: number): void {
    const probing = this.probes.get(meter);
    this.probes.delete(meter);
    if (probing?.isOpen && probing.scope === 'meter') {
      probing.evidence.pingsUnanswered++;
      probing.touch();
      this.ctx.publish(probing, 'updated');
      // Neighbours silent too: not one house, the area.
      if (probing.evidence.pingsUnanswered >= 3) {
        const area = this.ctx.areaOf(meter);
        this.areaOut(area, new Map(), [probing]);
      }
      return;
    }
    const incident = this.ctx.state.supplyIncident.get(meter);
    if (!incident || incident.kind === 'communication') return;
    incident.evidence.pingsUnanswered++;
    const rec = incident.meters.get(meter);
    if (rec && rec.outBy === 'area') rec.outBy = 'ping';
    incident.touch(meter);
    this.ctx.publish(incident, 'updated');
  }

  /** A meter says it is back (power_up, or a reading stamped after it went out). */
  meterBack(meter: number, at: number, by: RestoreEvidence): boolean {
    const incident = this.ctx.state.supplyIncident.get(meter);
    if (!incident || incident.kind === 'communication') return false;
    const rec = incident.meters.get(meter);
    // Evidence from before the meter went out says nothing about its return. Out times are
    // estimated back from last gasps and power-downs; a reading from between the estimate and that
    // evidence only means the supply went later than estimated.
    const after =
      rec?.outAt == null ? -Infinity : rec.outAt + (by === 'power_up' ? 0 : this.ctx.rules.lastGaspDelayMs);
    if (at <= after) return true;
    this.restore(incident, meter, at, by);
    return true;
  }

  /**
   * power_up from a meter nobody thinks out. Late news of an incident just restored (its meter came
   * back, e.g. by answering a read, before its power_up arrived): the earlier time sharpens the
   * restoration. Otherwise a short interruption; gathered per area, then per feeder.
   */
  unexplainedPowerUp(meter: number, at: number): void {
    const restored = this.recentlyBack.get(meter);
    if (restored) return this.sharpen(restored, meter, at);
    const area = this.ctx.areaOf(meter);
    if (area < 0) return this.momentary([[meter, at]], 'meter', this.ctx.index.meterIds[meter]);
    this.ctx.state.areas[area].unexplainedPowerUps.set(meter, at);
    this.ctx.soon(area, 'momentary', MOMENTARY_GATHER_MS, () => this.gatherMomentary(area));
  }

  private gatherMomentary(area: number): void {
    const ctx = this.ctx;
    const node = ctx.index.areas[area];
    const areas = (ctx.index.feeders.get(node.feederId) ?? []).filter(
      (x) => x === area || ctx.state.areas[x].unexplainedPowerUps.size > 0,
    );
    const ups: [number, number][] = [];
    for (const x of areas) {
      ups.push(...ctx.state.areas[x].unexplainedPowerUps);
      ctx.state.areas[x].unexplainedPowerUps.clear();
      if (x !== area) ctx.cancel(x, 'momentary');
    }
    if (!ups.length) return;
    if (areas.length > 1) this.momentary(ups, 'feeder', node.feederId, areas);
    else if (ups.length > 1) this.momentary(ups, 'transformer', node.transformerId, areas);
    else this.momentary(ups, 'meter', ctx.index.meterIds[ups[0][0]], areas);
  }

  private momentary(
    ups: [number, number][],
    scope: OpenIncident['scope'],
    assetId: string,
    areas: number[] = [],
  ): void {
    const ctx = this.ctx;
    const at = Math.max(...ups.map(([, t]) => t));
    const incident = ctx.openIncident('momentary', scope, assetId, Math.min(...ups.map(([, t]) => t)));
    for (const x of areas) incident.areas.add(x);
    for (const [m, t] of ups) {
      incident.addMeter(m, null, 'area');
      incident.restoreMeter(m, t, 'power_up');
    }
    incident.restoredAt = at;
    incident.status = 'closed';
    incident.closedAt = ctx.now();
    ctx.publish(incident, 'opened');
    ctx.publish(incident, 'closed');
  }

  private restore(incident: OpenIncident, meter: number, at: number, by: RestoreEvidence): void {
    const ctx = this.ctx;
    if (!incident.restoreMeter(meter, at, by)) return;
    ctx.state.supplyIncident.delete(meter);
    this.recentlyBack.set(meter, incident);
    const area = ctx.areaOf(meter);
    if (area >= 0 && !incident.firstRestoreAt.has(area)) {
      incident.firstRestoreAt.set(area, ctx.now());
      ctx.state.areas[area].powerDownAt = null;
      // Supply is returning here: ask the rest now rather than wait for their next reading.
      this.pingUnrestored(incident, area);
      ctx.soon(area, `stragglers:${incident.id}`, ctx.rules.stragglerMs, () =>
        this.stragglers(incident, area),
      );
    }
    this.finishIfBack(incident);
  }

  private finishIfBack(incident: OpenIncident): void {
    const ctx = this.ctx;
    if (!incident.isOpen) return;
    const at = incident.allRestoredAt();
    if (at === null) {
      ctx.publish(incident, 'updated');
      return;
    }
    this.repings.get(incident.id)?.();
    this.repings.delete(incident.id);
    this.rememberBack(incident);
    incident.restoredAt = at;
    for (const area of incident.areas) ctx.state.areas[area].powerDownAt = null;
    if (at - incident.startedAt < ctx.rules.momentaryMaxMs) {
      incident.kind = 'momentary';
      incident.status = 'closed';
      incident.closedAt = ctx.now();
      ctx.publish(incident, 'restored');
      ctx.publish(incident, 'closed');
    } else {
      incident.status = 'restored';
      ctx.forget(incident);
      ctx.publish(incident, 'restored');
    }
  }

  private rememberBack(incident: OpenIncident): void {
    for (const m of incident.meters.keys()) this.recentlyBack.set(m, incident);
    this.ctx.clock.after(LATE_NEWS_MS, () => {
      for (const m of incident.meters.keys())
        if (this.recentlyBack.get(m) === incident) this.recentlyBack.delete(m);
    });
  }

  /** A meter's power_up, arriving after it was counted back by a later sign: its return was earlier. */
  private sharpen(incident: OpenIncident, meter: number, at: number): void {
    const rec = incident.meters.get(meter);
    if (!rec || rec.restoredAt === null || rec.restoredBy === 'split' || at >= rec.restoredAt) return;
    if (rec.outAt !== null && at <= rec.outAt) return;
    rec.restoredAt = at;
    rec.restoredBy = 'power_up';
    incident.touch(meter);
    incident.restoredAt = incident.allRestoredAt() ?? incident.restoredAt;
    this.ctx.publish(incident, 'updated');
  }

  /** Houses of an area still dark well after most of it came back: each becomes its own incident. */
  private stragglers(incident: OpenIncident, area: number): void {
    const ctx = this.ctx;
    if (!incident.isOpen) return;
    const inArea = ctx.index.areas[area].meters.filter((m) => incident.meters.has(m));
    const dark = inArea.filter((m) => incident.meters.get(m)?.restoredAt === null);
    if (!dark.length) return;
    if (dark.length * 2 > inArea.length) {
      this.pingUnrestored(incident, area);
      ctx.soon(area, `stragglers:${incident.id}`, ctx.rules.stragglerMs, () =>
        this.stragglers(incident, area),
      );
      return;
    }
    for (const m of dark) {
      const rec = incident.meters.get(m)!;
      const house = ctx.openIncident(
        'outage',
        'meter',
        ctx.index.meterIds[m],
        rec.outAt ?? incident.startedAt,
      );
      house.parentId = incident.id;
      house.areas.add(area);
      house.addMeter(m, rec.outAt, rec.outBy);
      incident.restoreMeter(m, ctx.now(), 'split');
      ctx.state.supplyIncident.set(m, house);
      ctx.publish(house, 'opened');
      this.keepAsking(house);
    }
    this.finishIfBack(incident);
  }

  private pingUnrestored(incident: OpenIncident, area?: number): void {
    const dark = [...incident.meters]
      .filter(([m, rec]) => rec.restoredAt === null && (area === undefined || this.ctx.areaOf(m) === area))
      .map(([m]) => m);
    this.ctx.ping(dark, incident);
  }

  /** While an incident is open, those not back are asked again every repingMs. */
  private keepAsking(incident: OpenIncident): void {
    if (this.repings.has(incident.id)) return;
    const again = () => {
      if (!incident.isOpen) return this.repings.delete(incident.id);
      this.pingUnrestored(incident);
      this.repings.set(incident.id, this.ctx.clock.after(this.ctx.rules.repingMs, again));
    };
    this.repings.set(incident.id, this.ctx.clock.after(this.ctx.rules.repingMs, again));
  }
}

/** Up to `n` items spread evenly over the list (deterministic, unlike a random sample). */
export function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}
