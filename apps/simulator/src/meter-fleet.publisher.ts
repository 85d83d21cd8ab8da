import type { MqttClient } from 'mqtt';
import { withTimeout } from './async.util';
import type { County } from './county.generator';
import type { FleetModel } from './fleet.model';
import type { MeterEventType } from './device-timeline';
import type { Phase } from './fault.model';
import { InFlightLimiter } from './in-flight.limiter';
import { connectWithRetry } from './mqtt-connection.factory';
import { topics } from './mqtt-topics.util';
import { hashString, hashUnit } from './prng.util';
import { toWireReading, TsStyle } from './reading.formatter';
import type { SimClock } from './sim.clock';
import type { SimLogger } from './sim.logger';
import type { MeterItem } from './topology.types';
import { ReadingItem, Uplink } from './uplink';

export interface PublisherOptions {
  mqttUrl: string;
  topicPrefix: string;
  protocolVersion: 4 | 5;
  /** MQTT client ids are `${clientIdPrefix}-${gatewayId}`; random by default so two runs never evict each other. */
  clientIdPrefix: string;
  /** Unacknowledged QoS 1 publishes across all connections. */
  maxInFlight: number;
  /** Per connection: stock Mosquitto accepts 20 unacknowledged QoS 1 messages per client. */
  maxInFlightPerConnection: number;
  /** Readings per message; the contract allows 10,000, real concentrators send far fewer. */
  batchSize: number;
  /** Live uploads are spread over this many (simulated) seconds after each boundary, per uplink. */
  uploadSpreadS: number;
  connectTimeoutMs: number;
  /** Say `offline` (with ts) on a clean stop; the will only covers a dropped link. */
  announceOfflineOnStop: boolean;
  logger: SimLogger;
  /** Whether a meter has supply at an instant; without it a meter neither measures nor sends. Default: always. */
  supply?: { isPowered(meterId: string, tsMs: number): boolean };
}

/** A meter event of CONTRACT 1.3 as the simulator emits it; `ts` is epoch ms. */
export interface MeterEvent {
  ts: number;
  type: MeterEventType;
  phase?: Phase;
}

/** What became of an event: on the broker, waiting for the concentrator's link, or gone. */
export type EventOutcome = 'delivered' | 'held' | 'lost';

export interface PublisherStats {
  connections: number;
  backfill: {
    readings: number;
    messages: number;
    fromTs: number | null;
    toTs: number | null;
    durationMs: number;
    readingsPerSecond: number;
  };
  live: { intervals: number; readings: number; messages: number; lastTs: number | null };
  /** Readings a concentrator uploaded after its link came back. */
  buffered: { readings: number; messages: number };
  publishErrors: number;
}

/** A unit of work: readings for some meters at some timestamps on one topic. */
interface Job {
  uplink: Uplink;
  topic: string;
  items: ReadingItem[];
  style: TsStyle;
}

/** Upper bound on intervals published at once after the process was suspended (laptop lid, debugger). */
const MAX_CATCH_UP_INTERVALS = 96;

/**
 * Publishes the county's readings per CONTRACT 1.1, 1.2 and 1.4.
 *
 * One MQTT connection per concentrator, because MQTT allows one will per connection and the platform needs
 * each gateway's `offline` will on its own. Meters with their own cellular module (three-phase meters
 * and ~12 % of areas) share a single "direct" connection: the contract gives meters no will, so nothing
 * is lost by multiplexing them, and a county of 1,000 meters does not need 150 more sockets.
 */
export class MeterFleetPublisher {
  readonly stats: PublisherStats = {
    connections: 0,
    backfill: { readings: 0, messages: 0, fromTs: null, toTs: null, durationMs: 0, readingsPerSecond: 0 },
    live: { intervals: 0, readings: 0, messages: 0, lastTs: null },
    buffered: { readings: 0, messages: 0 },
    publishErrors: 0,
  };

  private readonly uplinks: Uplink[] = [];
  private readonly uplinkOf = new Map<string, Uplink>();
  /** Readings a direct meter measured but could not send (it lost supply first): they go with its next upload. */
  private readonly unsent = new Map<string, ReadingItem[]>();
  private readonly global: InFlightLimiter;
  private readonly stepMs: number;
  private readonly tsStyle = new Map<string, TsStyle>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private liveTimer: NodeJS.Timeout | null = null;
  private lastTick: number | null = null;
  private stopping = false;

  constructor(
    private readonly fleet: FleetModel,
    private readonly county: County,
    private readonly clock: SimClock,
    private readonly options: PublisherOptions,
  ) {
    this.global = new InFlightLimiter(options.maxInFlight);
    const intervals = county.topology.meters.map((m) => m.intervalS);
    this.stepMs = (intervals.length ? intervals.reduce(gcd) : 900) * 1000;
    // About a third of concentrator firmwares stamp epoch ms, the rest ISO-8601 with the local offset.
    for (const g of county.topology.gateways) this.tsStyle.set(g.id, styleFor(g.id));
    for (const m of county.topology.meters) this.tsStyle.set(m.id, styleFor(m.id));
  }

  async connect(): Promise<void> {
    const { topology, sim } = this.county;
    const o = this.options;
    const byGateway = new Map<string, MeterItem[]>(topology.gateways.map((g) => [g.id, []]));
    const direct: MeterItem[] = [];
    for (const m of topology.meters) {
      if (sim.meters[m.id]?.uplink === 'direct') direct.push(m);
      else byGateway.get(m.gatewayId)?.push(m);
    }
    const setup = new InFlightLimiter(32);
    // allSettled, not all: on a failure, wait for the other attempts so no connection outlives the error.
    const results = await Promise.allSettled([
      ...topology.gateways.map((g) =>
        setup.run(async () => {
          const statusTopic = topics.gatewayStatus(o.topicPrefix, g.id);
          const client = await connectWithRetry({
            url: o.mqttUrl,
            clientId: `${o.clientIdPrefix}-${g.id}`,
            protocolVersion: o.protocolVersion,
            timeoutMs: o.connectTimeoutMs,
            // No ts: the platform stamps the will with its receive time (CONTRACT 1.4).
            will: { topic: statusTopic, payload: Buffer.from('{"state":"offline"}'), qos: 1, retain: false },
          });
          const uplink = this.uplink(g.id, client, byGateway.get(g.id) ?? [], g.id);
          this.uplinks.push(uplink);
          await this.announce(client, statusTopic, 'online');
          // After a dropped link the will has told the platform "offline"; say we are back, then upload.
          client.on('connect', () => void this.backOnline(uplink));
        }),
      ),
      setup.run(async () => {
        if (direct.length === 0) return;
        const client = await connectWithRetry({
          url: o.mqttUrl,
          clientId: `${o.clientIdPrefix}-direct`,
          protocolVersion: o.protocolVersion,
          timeoutMs: o.connectTimeoutMs,
        });
        this.uplinks.push(this.uplink('direct', client, direct, null));
      }),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.closeClients(true);
      throw failed.reason;
    }
    // Stable order regardless of which connection came up first.
    this.uplinks.sort((a, b) => a.name.localeCompare(b.name));
    for (const u of this.uplinks) {
      if (u.gatewayId) this.uplinkOf.set(u.gatewayId, u);
      for (const m of u.meters) this.uplinkOf.set(m.id, u);
    }
    this.stats.connections = this.uplinks.length;
  }

  /**
   * Publishes every interval reading with ts in (now − hours, now], as fast as the broker acknowledges,
   * with at most `maxInFlight` unacknowledged messages. Returns the last interval boundary covered.
   */
  async backfill(hours: number): Promise<number> {
    const now = this.clock.now();
    const last = Math.floor(now / this.stepMs) * this.stepMs;
    const from = now - hours * 3_600_000;
    const started = Date.now();
    const b = this.stats.backfill;

    const streams = this.uplinks.map((u) => this.backfillJobs(u, from, now));
    const inFlight: Promise<void>[] = [];
    // Round-robin over connections so every gateway's history advances together.
    while (streams.length > 0) {
      for (let i = 0; i < streams.length;) {
        const next = streams[i].next();
        if (next.done) {
          streams.splice(i, 1);
          continue;
        }
        const job = next.value;
        const dispatched = await this.dispatch(job);
        if (!dispatched) return last;
        b.fromTs = Math.min(b.fromTs ?? Infinity, job.items[0].ts);
        b.toTs = Math.max(b.toTs ?? -Infinity, job.items[job.items.length - 1].ts);
        inFlight.push(
          dispatched.sent.then((ok) => {
            if (ok) {
              b.readings += job.items.length;
              b.messages++;
            }
          }),
        );
        i++;
      }
    }
    await Promise.all(inFlight);
    b.durationMs = Date.now() - started;
    b.readingsPerSecond = b.durationMs > 0 ? Math.round((b.readings * 1000) / b.durationMs) : b.readings;
    return last;
  }

  /** Publishes each new interval at its boundary (plus the per-uplink spread), starting after `afterTs`. */
  startLive(afterTs: number, onInterval?: (ts: number, readings: number, messages: number) => void): void {
    this.lastTick = Math.floor(afterTs / this.stepMs) * this.stepMs;
    const schedule = () => {
      if (this.stopping || this.lastTick === null) return;
      const next = this.lastTick + this.stepMs;
      this.liveTimer = setTimeout(() => {
        const now = this.clock.now();
        let due = Math.floor(now / this.stepMs) * this.stepMs;
        let first = (this.lastTick ?? due) + this.stepMs;
        if ((due - first) / this.stepMs >= MAX_CATCH_UP_INTERVALS) {
          this.options.logger.warn(
            `live: ${(due - first) / this.stepMs} intervals behind; skipping to the latest ones`,
          );
          first = due - (MAX_CATCH_UP_INTERVALS - 1) * this.stepMs;
        }
        if (due < first) due = first; // timer fired a hair early
        for (let ts = first; ts <= due; ts += this.stepMs) {
          this.publishInterval(ts).then(
            ({ readings, messages }) => onInterval?.(ts, readings, messages),
            (err: unknown) => this.options.logger.error(`live interval ${ts} failed: ${errorText(err)}`),
          );
        }
        this.lastTick = due;
        schedule();
      }, this.clock.wallDelayUntil(next));
    };
    schedule();
  }

  /** Whether a meter's uplink is up: its concentrator's link for relayed meters, always for direct ones. */
  linkUp(meterId: string): boolean {
    return this.uplinkOf.get(meterId)?.link === 'up';
  }

  /**
   * Publishes a meter event (CONTRACT 1.3) the way the meter's uplink would carry it. A relayed meter's
   * event waits while its concentrator's link is down, except a last gasp: nobody stores those.
   */
  async publishMeterEvent(meterId: string, event: MeterEvent): Promise<EventOutcome> {
    const uplink = this.uplinkOf.get(meterId);
    if (!uplink || this.stopping) return 'lost';
    const style = this.tsStyle.get(uplink.gatewayId ?? meterId) ?? 'iso';
    const ts = style === 'epoch' ? event.ts : this.fleet.load.calendar.formatIso(event.ts);
    const payload = JSON.stringify({ ts, type: event.type, ...(event.phase && { phase: event.phase }) });
    const topic = topics.meterEvent(this.options.topicPrefix, meterId);
    if (uplink.link !== 'up') {
      if (event.type === 'power_down') return 'lost';
      uplink.heldEvents.push({ topic, payload });
      return 'held';
    }
    return (await this.sendNow(uplink, topic, payload)) ? 'delivered' : 'lost';
  }

  /** A concentrator's own power-down message (CONTRACT 1.4), sent on its capacitor; true once acknowledged. */
  async publishGatewayPowerDown(gatewayId: string): Promise<boolean> {
    const uplink = this.uplinkOf.get(gatewayId);
    if (!uplink || uplink.link !== 'up' || this.stopping) return false;
    try {
      await this.announce(
        uplink.client,
        topics.gatewayStatus(this.options.topicPrefix, gatewayId),
        'power_down',
      );
      return true;
    } catch {
      return false;
    }
  }

  /** The concentrator's uplink dies without a goodbye: the broker publishes its will. */
  async dropGatewayLink(gatewayId: string): Promise<void> {
    const uplink = this.uplinkOf.get(gatewayId);
    if (uplink && uplink.link !== 'down' && !this.stopping) await uplink.drop();
  }

  /** The concentrator reconnects; once connected it announces `online` and uploads what it held. */
  restoreGatewayLink(gatewayId: string): void {
    if (!this.stopping) this.uplinkOf.get(gatewayId)?.reconnect();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.liveTimer) clearTimeout(this.liveTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await withTimeout(Promise.allSettled([...this.pending]), 5_000);
    if (this.options.announceOfflineOnStop) {
      await withTimeout(
        Promise.allSettled(
          this.uplinks
            .filter((u) => u.gatewayId !== null && u.client.connected)
            .map((u) =>
              this.announce(
                u.client,
                topics.gatewayStatus(this.options.topicPrefix, u.gatewayId!),
                'offline',
              ),
            ),
        ),
        5_000,
      );
    }
    await this.closeClients(false);
  }

  private async publishInterval(ts: number): Promise<{ readings: number; messages: number }> {
    const sends: Promise<{ readings: number; messages: number }>[] = [];
    for (const uplink of this.uplinks) {
      const due = uplink.meters.filter((m) => ts % (m.intervalS * 1000) === 0 && this.powered(m.id, ts));
      if (due.length === 0) continue;
      const jobs = uplink.gatewayId
        ? chunk(due, this.options.batchSize).map((ms) =>
            this.gatewayJob(
              uplink,
              ms.map((meter) => ({ meter, ts })),
            ),
          )
        : due.map((meter) => this.directJob(uplink, meter, [{ meter, ts }]));
      for (const job of jobs) {
        const spreadKey = job.uplink.gatewayId ?? job.items[0].meter.id;
        const delay =
          (this.options.uploadSpreadS * 1000 * hashUnit(hashString(spreadKey), 1)) / this.clock.speed;
        sends.push(
          this.later(delay).then(async (fired) => {
            const readings = fired ? await this.deliver(job) : 0;
            return { readings, messages: readings > 0 ? 1 : 0 };
          }),
        );
      }
    }
    const results = await Promise.all(sends);
    const total = results.reduce(
      (a, r) => ({ readings: a.readings + r.readings, messages: a.messages + r.messages }),
      {
        readings: 0,
        messages: 0,
      },
    );
    const live = this.stats.live;
    live.intervals++;
    live.readings += total.readings;
    live.messages += total.messages;
    live.lastTs = Math.max(live.lastTs ?? ts, ts);
    return total;
  }

  private *backfillJobs(uplink: Uplink, fromExclusive: number, toInclusive: number): Generator<Job> {
    const stamps = (m: MeterItem) => {
      const iv = m.intervalS * 1000;
      const out: number[] = [];
      for (let ts = Math.floor(fromExclusive / iv) * iv + iv; ts <= toInclusive; ts += iv) out.push(ts);
      return out;
    };
    if (uplink.gatewayId) {
      // A concentrator uploads its stored history oldest first, all its meters per interval.
      const items = uplink.meters
        .flatMap((meter) => stamps(meter).map((ts) => ({ meter, ts })))
        .sort((a, b) => a.ts - b.ts || (a.meter.id < b.meter.id ? -1 : 1));
      for (const part of chunk(items, this.options.batchSize)) yield this.gatewayJob(uplink, part);
    } else {
      for (const meter of uplink.meters) {
        const items = stamps(meter).map((ts) => ({ meter, ts }));
        for (const part of chunk(items, this.options.batchSize)) yield this.directJob(uplink, meter, part);
      }
    }
  }

  private gatewayJob(uplink: Uplink, items: Job['items']): Job {
    const gatewayId = uplink.gatewayId!;
    return {
      uplink,
      topic: topics.gatewayReadings(this.options.topicPrefix, gatewayId),
      items,
      style: this.tsStyle.get(gatewayId) ?? 'iso',
    };
  }

  private directJob(uplink: Uplink, meter: MeterItem, items: Job['items']): Job {
    return {
      uplink,
      topic: topics.meterReading(this.options.topicPrefix, meter.id),
      items,
      style: this.tsStyle.get(meter.id) ?? 'iso',
    };
  }

  private payload(job: Job): string {
    const calendar = this.fleet.load.calendar;
    const readings = job.items.map(({ meter, ts }) =>
      toWireReading(this.fleet.readingAt(meter.id, ts), job.style, calendar),
    );
    // A live reading from a meter on its own topic is a single object, as most single meters send it.
    return JSON.stringify(job.uplink.gatewayId === null && readings.length === 1 ? readings[0] : readings);
  }

  /**
   * Sends a live job now, or keeps its readings: a concentrator whose link is down stores them until it is
   * back, a meter that lost supply before its upload sends them with its next one. Resolves with the
   * number of readings acknowledged.
   */
  private async deliver(job: Job): Promise<number> {
    const { uplink } = job;
    if (uplink.gatewayId !== null) {
      if (uplink.link !== 'up') {
        uplink.backlog.push(...job.items);
        return 0;
      }
    } else {
      const meterId = job.items[0].meter.id;
      if (!this.powered(meterId, this.clock.now())) {
        this.unsent.set(meterId, [...(this.unsent.get(meterId) ?? []), ...job.items]);
        return 0;
      }
      const earlier = this.unsent.get(meterId);
      if (earlier) {
        this.unsent.delete(meterId);
        job = { ...job, items: [...earlier, ...job.items] };
      }
    }
    const dispatched = await this.dispatch(job);
    return dispatched && (await dispatched.sent) ? job.items.length : 0;
  }

  /**
   * Waits for in-flight capacity, then starts publishing the job. Resolves once the message is handed to
   * the client (so callers get backpressure) with `sent` settling on the PUBACK; null if stopping.
   */
  private async dispatch(job: Job): Promise<{ sent: Promise<boolean> } | null> {
    if (!(await this.acquire(job.uplink))) return null;
    let payload: string;
    try {
      payload = this.payload(job);
    } catch (err) {
      this.release(job.uplink);
      throw err;
    }
    return { sent: this.send(job.uplink, job.topic, payload) };
  }

  /** Takes a slot on both limiters; false (holding none) if the publisher is stopping. */
  private async acquire(uplink: Uplink): Promise<boolean> {
    await this.global.acquire();
    await uplink.limiter.acquire();
    if (!this.stopping) return true;
    this.release(uplink);
    return false;
  }

  private release(uplink: Uplink): void {
    uplink.limiter.release();
    this.global.release();
  }

  /** Publishes with QoS 1; the caller has acquired both limiters, which are released here. */
  private send(uplink: Uplink, topic: string, payload: string): Promise<boolean> {
    const p = uplink.client
      .publishAsync(topic, payload, { qos: 1 })
      .then(
        () => true,
        (err: unknown) => {
          this.stats.publishErrors++;
          if (this.stats.publishErrors <= 5 || this.stats.publishErrors % 1000 === 0) {
            this.options.logger.error(
              `publish to ${topic} failed (${this.stats.publishErrors} so far): ${errorText(err)}`,
            );
          }
          return false;
        },
      )
      .finally(() => this.release(uplink));
    uplink.track(p);
    const tracked = p.then(() => undefined);
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return p;
  }

  private async announce(
    client: MqttClient,
    topic: string,
    state: 'online' | 'offline' | 'power_down',
  ): Promise<void> {
    const ts = this.fleet.load.calendar.formatIso(Math.floor(this.clock.now() / 1000) * 1000);
    await client.publishAsync(topic, JSON.stringify({ ts, state }), { qos: 1 });
  }

  private uplink(name: string, client: MqttClient, meters: MeterItem[], gatewayId: string | null): Uplink {
    client.on('error', (err) => this.options.logger.warn(`mqtt ${name}: ${err.message}`));
    return new Uplink(name, client, meters, gatewayId, this.options.maxInFlightPerConnection);
  }

  private powered(meterId: string, tsMs: number): boolean {
    return this.options.supply?.isPowered(meterId, tsMs) ?? true;
  }

  /** A concentrator (re)connected: it says so, then sends the events and readings it held, oldest first. */
  private async backOnline(uplink: Uplink): Promise<void> {
    const gatewayId = uplink.gatewayId!;
    try {
      await this.announce(uplink.client, topics.gatewayStatus(this.options.topicPrefix, gatewayId), 'online');
    } catch {
      return; // dropped again at once; the next connect announces
    }
    uplink.link = 'up';
    for (const e of uplink.heldEvents.splice(0)) await this.sendNow(uplink, e.topic, e.payload);
    const held = uplink.backlog.splice(0).sort((a, b) => a.ts - b.ts || (a.meter.id < b.meter.id ? -1 : 1));
    const b = this.stats.buffered;
    for (const part of chunk(held, this.options.batchSize)) {
      const readings = await this.deliver(this.gatewayJob(uplink, part));
      b.readings += readings;
      if (readings > 0) b.messages++;
    }
  }

  private async sendNow(uplink: Uplink, topic: string, payload: string): Promise<boolean> {
    return (await this.acquire(uplink)) ? this.send(uplink, topic, payload) : false;
  }

  /** Resolves true after `ms`, or false at once if the publisher stops first. */
  private later(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!this.stopping);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve(!this.stopping);
      }, ms);
      this.timers.add(t);
    });
  }

  private async closeClients(force: boolean): Promise<void> {
    await Promise.allSettled(
      // A link a fault took down is closed already.
      this.uplinks
        .filter((u) => u.link !== 'down')
        .map(async (u) => {
          await withTimeout(u.client.endAsync(force), 5_000);
          // A broker that stopped answering would leave the graceful end pending forever.
          if (!u.client.disconnected) u.client.end(true);
        }),
    );
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function styleFor(id: string): TsStyle {
  return hashUnit(hashString(id), 0x7e) < 0.35 ? 'epoch' : 'iso';
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
