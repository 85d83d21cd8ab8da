import { ControlServer, startControlServer } from './control.server';
import { generateControlToken, writeControlToken } from './control-token';
import type { County } from './county.generator';
import { CountyIndex } from './county.index';
import { DeviceBus, FaultInjector, FaultReporter } from './fault-injector';
import { FaultReportClient } from './fault-report.client';
import type { FleetModel } from './fleet.model';
import type { GridConditions } from './grid-conditions';
import type { SimClock } from './sim.clock';
import type { SimulatorConfig } from './simulator.config';

export interface FaultControl {
  injector: FaultInjector;
  /** Where the control API listens, or null when SIM_CONTROL_PORT is off. */
  api: { url: string; token: string; tokenFile: string | null } | null;
  close(): Promise<void>;
}

/**
 * The fault injector and its control API. The API listens before anything slow happens (registering a
 * large county takes minutes), so a taken port stops start-up at once; it accepts injections once
 * `ready()` says the devices are connected.
 */
export async function startFaultControl(
  config: SimulatorConfig,
  sim: { county: County; model: FleetModel; conditions: GridConditions; clock: SimClock; bus: DeviceBus },
  ready: () => boolean,
): Promise<FaultControl> {
  const { model, clock } = sim;
  const calendar = model.load.calendar;
  const injector = new FaultInjector({
    index: new CountyIndex(sim.county),
    conditions: sim.conditions,
    clock,
    calendar,
    bus: sim.bus,
    reporter: config.customerCalls ? faultReporter(config) : null,
    devices: config,
    calls: config,
    lastGaspP: config.lastGaspP,
    phaseOf: (meterId) => model.voltage.phaseOf(meterId),
    logger: config.logger,
  });
  if (config.controlPort === null) return { injector, api: null, close: () => injector.stop() };

  const token = config.controlToken ?? generateControlToken();
  let server: ControlServer | null = await startControlServer({
    port: config.controlPort,
    token,
    faults: injector,
    ready,
    health: () => {
      const statuses = injector.list().map((f) => f.status);
      const count = (s: string) => statuses.filter((x) => x === s).length;
      return {
        simNow: calendar.formatIso(clock.now()),
        speed: clock.speed,
        faults: {
          scheduled: count('scheduled'),
          active: count('active'),
          ended: count('ended'),
          cancelled: count('cancelled'),
        },
      };
    },
  });
  // Written only once the port is ours, so a second simulator that cannot start leaves the first one's token.
  const tokenFile = config.controlToken ? null : writeControlToken(config.dataDir, token);
  const url = `http://127.0.0.1:${server.port}`;
  config.logger.info(
    `control API on ${url} (token ${tokenFile ? `in ${tokenFile}` : 'from SIM_CONTROL_TOKEN'}); try: npm run sim -- faults`,
  );
  return {
    injector,
    api: { url, token, tokenFile },
    close: async () => {
      await server?.close();
      server = null;
      await injector.stop();
    },
  };
}

function faultReporter(config: SimulatorConfig): FaultReporter {
  const { adminUsername: username, adminPassword: password } = config;
  if (!username || !password) {
    // The calls still belong in the ground truth: who would have called, and that nobody could.
    return {
      report: () =>
        Promise.resolve({
          status: null,
          error: 'not sent: GRID_ADMIN_USERNAME / GRID_ADMIN_PASSWORD are not set',
        }),
    };
  }
  return new FaultReportClient({
    apiUrl: config.apiUrl,
    username,
    password,
    requestTimeoutMs: config.callRequestTimeoutMs,
  });
}
