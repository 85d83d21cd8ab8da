import { County, generateCounty } from './county.generator';
import { FaultControl, startFaultControl } from './fault-control.setup';
import type { FaultInjector } from './fault-injector';
import { FleetModel } from './fleet.model';
import { GridConditions } from './grid-conditions';
import { MeterFleetPublisher, PublisherStats } from './meter-fleet.publisher';
import { PingResponder, PingStats } from './ping.responder';
import { createSimClock } from './sim.clock';
import { resolveSimulatorConfig, SimulatorConfig, SimulatorConfigInput } from './simulator.config';
import { registerTopology } from './topology.client';
import type { TopologyBody } from './topology.types';

export interface SimulatorStats {
  meters: number;
  gateways: number;
  /** The platform's answer to the topology PUT (the counts applied), or null when not registered. */
  registration: unknown;
  publisher: PublisherStats;
  pings: PingStats;
}

export interface RunningSimulator {
  /** Stops live publishing and the ping responder, announces gateways offline, closes connections. */
  stop(): Promise<void>;
  /** The `PUT /api/v1/topology` body that was registered. */
  topology: TopologyBody;
  /** Topology plus simulation ground truth (weak transformers, household types). */
  county: County;
  /** The physics behind every reading; `model.readingAt(meterId, ts)` reproduces any published value. */
  model: FleetModel;
  /** Live counters, updated as the simulator runs. */
  stats: SimulatorStats;
  config: SimulatorConfig;
  /** Fault injection and its ground truth (what the control API serves). */
  faults: FaultInjector;
  /** The control API, or null when SIM_CONTROL_PORT is off. */
  control: FaultControl['api'];
}

/**
 * Generates the county, registers it with the platform, backfills history and keeps publishing.
 * Resolves once the backfill is acknowledged by the broker and live publishing is scheduled.
 */
export async function startSimulator(input: SimulatorConfigInput = {}): Promise<RunningSimulator> {
  const config = resolveSimulatorConfig(input);
  const log = config.logger;
  const county = generateCounty({
    seed: config.seed,
    feeders: config.feeders,
    transformers: config.transformers,
    meters: config.meters,
    idPrefix: config.idPrefix,
  });
  const { topology } = county;
  log.info(
    `county seed ${config.seed}: ${topology.feeders.length} feeders, ${topology.transformers.length} transformers ` +
      `(${county.sim.weakTransformerIds.length} weak: ${county.sim.weakTransformerIds.join(', ') || 'none'}), ` +
      `${topology.cells.length} villages, ${topology.meters.length} meters, ${topology.staff.length} staff`,
  );
  const conditions = new GridConditions();
  const model = new FleetModel(county, { timeZone: config.timeZone, supply: conditions });
  const clock = createSimClock({ speed: config.speed, startAt: config.startAt ?? undefined });

  const mqttCommon = {
    mqttUrl: config.mqttUrl,
    topicPrefix: config.topicPrefix,
    protocolVersion: config.protocolVersion,
    connectTimeoutMs: config.mqttConnectTimeoutMs,
    logger: log,
  };
  const responder = new PingResponder(model, clock, {
    ...mqttCommon,
    clientId: `${config.clientIdPrefix}-ping`,
    isReachable: (meterId) => control.injector.isReachable(meterId),
  });
  const publisher = new MeterFleetPublisher(model, county, clock, {
    ...mqttCommon,
    clientIdPrefix: config.clientIdPrefix,
    maxInFlight: config.maxInFlight,
    maxInFlightPerConnection: config.maxInFlightPerConnection,
    batchSize: config.batchSize,
    uploadSpreadS: config.uploadSpreadS,
    announceOfflineOnStop: config.announceOfflineOnStop,
    supply: conditions,
  });
  const stats: SimulatorStats = {
    meters: topology.meters.length,
    gateways: topology.gateways.length,
    registration: null,
    publisher: publisher.stats,
    pings: responder.stats,
  };

  let ready = false;
  const control = await startFaultControl(
    config,
    { county, model, conditions, clock, bus: publisher },
    () => ready,
  );

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await control.close();
      await Promise.allSettled([publisher.stop(), responder.stop()]);
      log.info(
        `stopped: ${stats.publisher.live.intervals} live intervals, ${stats.pings.answered} pings answered, ` +
          `${stats.publisher.publishErrors} publish errors`,
      );
    })());

  try {
    if (config.register) {
      log.info(`registering the topology with ${config.apiUrl} as ${config.adminUsername}`);
      stats.registration = await registerTopology(topology, {
        apiUrl: config.apiUrl,
        username: config.adminUsername ?? '',
        password: config.adminPassword ?? '',
        timeoutMs: config.registerTimeoutMs,
        requestTimeoutMs: config.registerRequestTimeoutMs,
        logger: log,
      });
      log.info(`topology registered: ${JSON.stringify(stats.registration)}`);
      const demoCustomer = county.topology.customers.find((c) => c.password);
      const demoMeter = county.topology.meters.find((m) => m.customerId === demoCustomer?.id);
      if (demoCustomer)
        log.info(
          `demo customer sign-in: ${demoCustomer.id} / ${demoCustomer.password} (meter ${demoMeter?.id})`,
        );
    }

    await Promise.all([responder.start(), publisher.connect()]);
    log.info(
      `connected to ${config.mqttUrl} (MQTT ${config.protocolVersion === 5 ? '5' : '3.1.1'}, prefix "${config.topicPrefix}"): ` +
        `${publisher.stats.connections} publisher connections, ping responder on ${config.topicPrefix}/meters/+/cmd`,
    );
    // Faults start now or later, so they never touch the history the backfill is about to publish.
    ready = true;

    let last = Math.floor(clock.now() / 900_000) * 900_000;
    if (config.backfillHours > 0) {
      const expected = expectedBackfill(topology, clock.now(), config.backfillHours);
      log.info(`backfill: ${expected} readings covering the last ${config.backfillHours} h`);
      const progress = setInterval(() => {
        const b = publisher.stats.backfill;
        log.info(`backfill: ${b.readings}/${expected} readings acknowledged`);
      }, 2_000);
      try {
        last = await publisher.backfill(config.backfillHours);
      } finally {
        clearInterval(progress);
      }
      const b = publisher.stats.backfill;
      log.info(
        `backfill done: ${b.readings} readings in ${b.messages} messages, ${b.durationMs} ms ` +
          `(${b.readingsPerSecond} readings/s)`,
      );
    }

    if (config.live) {
      const calendar = model.load.calendar;
      publisher.startLive(last, (ts, readings, messages) =>
        log.info(`live interval ${calendar.formatIso(ts)}: ${readings} readings in ${messages} messages`),
      );
      log.info(`live: publishing every interval${config.speed !== 1 ? ` at ${config.speed}× speed` : ''}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { stop, topology, county, model, stats, config, faults: control.injector, control: control.api };
}

function expectedBackfill(topology: TopologyBody, now: number, hours: number): number {
  const from = now - hours * 3_600_000;
  return topology.meters.reduce((n, m) => {
    const iv = m.intervalS * 1000;
    return n + Math.max(0, Math.floor(now / iv) - Math.floor(from / iv));
  }, 0);
}
