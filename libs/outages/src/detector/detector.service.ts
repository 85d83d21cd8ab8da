import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connectAsync, type MqttClient } from 'mqtt';
import { Client, Pool } from 'pg';
import { GridConfig } from '@gridcell/config';
import { readCursor, saveCursor } from '@gridcell/events';
import { deviceTopicFilters, MessageDecoder, parseDeviceTopic } from '@gridcell/ingest';
import { AckAfterCommitConsumer, type InboundMessage } from '@gridcell/messaging';
import { DetectorEngine } from '../engine/detector.engine';
import { SystemScheduler, type DetectionRules } from '../engine/ports';
import { IncidentWriter } from '../incidents/incident.writer';
import { MqttPinger } from '../pings/mqtt.pinger';
import { loadGridIndex, topologyVersion } from '../topology/grid-index.loader';
import { recover } from './detector.recovery';

/** One detector decides at a time; a second one waits as a standby. */
const DETECTOR_LOCK = 0x0de7_ec70;
const TICK_MS = 5_000;
const TOPOLOGY_CHECK_MS = 30_000;
const CURSOR = 'detector';

export function detectionRules(c: GridConfig): DetectionRules {
  return {
    momentaryMaxMs: c.OUTAGE_MOMENTARY_MAX_S * 1000,
    lastGaspDelayMs: c.OUTAGE_LAST_GASP_DELAY_S * 1000,
    commHoldMs: c.OUTAGE_COMM_HOLD_S * 1000,
    pingTimeoutMs: c.OUTAGE_PING_TIMEOUT_S * 1000,
    repingMs: c.OUTAGE_REPING_S * 1000,
    stragglerMs: c.OUTAGE_STRAGGLER_S * 1000,
    feederWindowMs: c.OUTAGE_FEEDER_WINDOW_S * 1000,
    silenceGraceMs: c.OUTAGE_SILENCE_GRACE_S * 1000,
    voltageLow: c.VOLTAGE_LOW_V,
    voltageHigh: c.VOLTAGE_HIGH_V,
    voltageMinDurationMs: c.VOLTAGE_MIN_DURATION_S * 1000,
  };
}

/**
 * Runs outage and voltage detection: subscribes to every device topic on its own persistent
 * session (not the ingest share group, so it sees all of the territory), feeds the
 * {@link DetectorEngine}, asks meters through the {@link MqttPinger}, and saves what the engine
 * decides through the {@link IncidentWriter}. On start it rebuilds its memory from the database
 * (see {@link recover}); a checkpoint of how far it has durably got bounds the replay.
 */
@Injectable()
export class DetectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DetectorService.name);
  private engine?: DetectorEngine;
  private writer?: IncidentWriter;
  private pinger?: MqttPinger;
  private clock?: SystemScheduler;
  private commands?: MqttClient;
  private consumer?: AckAfterCommitConsumer;
  private lock?: Client;
  private timers: NodeJS.Timeout[] = [];
  private reloadSoon?: NodeJS.Timeout;
  private decoder: MessageDecoder;
  private version = '';
  /** Receive time of the newest message handed to the engine. */
  private processedUntil = 0;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly config: GridConfig,
  ) {
    this.decoder = new MessageDecoder({
      topicPrefix: config.MQTT_TOPIC_PREFIX,
      futureToleranceMs: config.INGEST_FUTURE_TOLERANCE_S * 1000,
    });
  }

  get running(): boolean {
    return Boolean(this.consumer?.isConnected);
  }

  /** Waits until every incident change decided so far is saved (tests, shutdown). */
  async flushed(): Promise<void> {
    await this.writer?.flushed();
  }

  onApplicationBootstrap(): void {
    // Standing by for the lock must not hold up the rest of the application.
    void this.start().catch((error: Error) =>
      this.logger.error(`detector failed to start: ${error.message}`),
    );
  }

  private async start(): Promise<void> {
    const url = this.config.MQTT_URL;
    if (!url)
      throw new Error('MQTT_URL is not set: start the platform with `npm start` for the embedded broker');
    this.lock = new Client({ connectionString: this.config.DATABASE_URL });
    this.lock.on('error', () => undefined);
    await this.lock.connect();
    const { rows } = await this.lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      DETECTOR_LOCK,
    ]);
    if (!rows[0].ok) {
      this.logger.log('another detector is running; standing by');
      await this.lock.query('SELECT pg_advisory_lock($1)', [DETECTOR_LOCK]);
    }
    if (this.stopped) return;
    const rules = detectionRules(this.config);
    this.commands = await connectAsync(url, {
      clientId: `${this.config.DETECTOR_CLIENT_ID}-cmd`,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 1_000,
    });
    this.commands.on('error', (e) => this.logger.warn(`command link: ${e.message}`));
    await this.build(rules);
    this.consumer = new AckAfterCommitConsumer(
      {
        url,
        clientId: this.config.DETECTOR_CLIENT_ID,
        subscriptions: deviceTopicFilters(this.config.MQTT_TOPIC_PREFIX),
        receiveMaximum: 4096,
      },
      (message) => this.accept(message),
    );
    this.consumer.on('connected', (info) =>
      this.logger.log(`detecting on ${url} (session ${info.sessionPresent ? 'resumed' : 'new'})`),
    );
    this.consumer.on('disconnected', (reason) =>
      this.logger.warn(`broker link lost: ${reason.message}; reconnecting`),
    );
    this.consumer.on('error', (error) => this.logger.error(error.message));
    await this.consumer.start();
    this.timers.push(
      setInterval(() => this.engine?.tick(), TICK_MS),
      setInterval(() => void this.checkpoint(), TICK_MS),
      setInterval(() => void this.followTopology(rules), TOPOLOGY_CHECK_MS),
    );
  }

  /** A fresh engine on the current topology, its memory rebuilt from the database. */
  private async build(rules: DetectionRules): Promise<void> {
    await this.writer?.flushed();
    const index = await loadGridIndex(this.pool);
    this.version = index.version;
    this.pinger?.close();
    this.clock?.cancelAll();
    const clock = new SystemScheduler();
    // The writer describes concentrators as this run's engine last saw them.
    const current: { engine?: DetectorEngine } = {};
    const writer: IncidentWriter = new IncidentWriter(this.pool, () => ({
      index,
      gateways: (area: number) => current.engine?.state.areas[area].gateway ?? 'unknown',
      band: { low: rules.voltageLow, high: rules.voltageHigh },
    }));
    const pinger = new MqttPinger(
      this.commands!,
      this.config.MQTT_TOPIC_PREFIX,
      () => index.meterIds,
      rules.pingTimeoutMs,
      clock,
    );
    const built = new DetectorEngine(index, rules, clock, writer, pinger);
    current.engine = built;
    pinger.outcome = {
      answered: (m, at) => built.pingAnswered(m, at),
      unanswered: (m) => built.pingUnanswered(m),
    };
    const stats = await recover(this.pool, built, await readCursor(this.pool, CURSOR));
    // Everything up to now is accounted for: a crash from here replays only what comes after.
    this.processedUntil = Math.max(this.processedUntil, Date.now());
    await writer.flushed();
    await saveCursor(this.pool, CURSOR, this.processedUntil);
    this.logger.log(
      `watching ${index.meterIds.length} meters in ${index.areas.length} areas; recovered ${stats.incidents} open incidents, ${stats.readings} recent readings, ${stats.replayed} events`,
    );
    [this.engine, this.writer, this.pinger, this.clock] = [built, writer, pinger, clock];
  }

  private accept(message: InboundMessage): void {
    const engine = this.engine;
    if (!engine) return;
    const rx = message.receivedAt.getTime();
    const topic = parseDeviceTopic(this.config.MQTT_TOPIC_PREFIX, message.topic);
    const decoded = this.decoder.decode(message.topic, message.payload, rx);
    const index = engine.index;
    for (const r of decoded.readings) {
      const m = index.meterIndex.get(r.meterId);
      if (m === undefined) {
        this.unknownSeen();
        continue;
      }
      engine.reading(
        m,
        { ts: r.ts, energyKwh: r.energyKwh, voltage: r.voltage },
        rx,
        topic?.kind === 'gateway-readings',
      );
      this.pinger?.heard(m, rx);
    }
    for (const e of decoded.events) {
      const m = index.meterIndex.get(e.meterId);
      if (m !== undefined) engine.meterEvent(m, e.type, e.ts, rx, e.phase);
    }
    for (const s of decoded.statuses) engine.gatewayStatus(s.gatewayId, s.state, s.ts, rx);
    if (rx > this.processedUntil) this.processedUntil = rx;
    message.ack();
  }

  /** A meter the engine does not know: the territory probably just grew; look soon, not in 30 s. */
  private unknownSeen(): void {
    if (this.reloadSoon) return;
    this.reloadSoon = setTimeout(() => {
      this.reloadSoon = undefined;
      void this.followTopology(detectionRules(this.config));
    }, 2_000);
  }

  /** Saves how far the engine's decisions are durable: a restart replays from here. */
  private async checkpoint(): Promise<void> {
    const until = this.processedUntil;
    if (!until || !this.writer) return;
    try {
      await this.writer.flushed();
      await saveCursor(this.pool, CURSOR, until);
    } catch (error) {
      this.logger.warn(`checkpoint failed: ${(error as Error).message}`);
    }
  }

  private async followTopology(rules: DetectionRules): Promise<void> {
    try {
      if ((await topologyVersion(this.pool)) === this.version) return;
      this.logger.log('topology changed; reloading');
      await this.checkpoint();
      await this.build(rules);
    } catch (error) {
      this.logger.warn(`topology reload failed: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.reloadSoon);
    await this.consumer?.stop();
    await this.checkpoint();
    this.pinger?.close();
    this.clock?.cancelAll();
    await this.commands?.endAsync().catch(() => undefined);
    await this.lock?.end().catch(() => undefined);
  }
}
