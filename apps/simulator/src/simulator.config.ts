import { randomBytes } from 'node:crypto';
import { COUNTY_DEFAULTS } from './county.generator';
import type { CallBehaviour } from './customer-call.model';
import type { DeviceBehaviour } from './device-timeline';
import { MODEL_START_MS } from './load-profile.model';
import { isValidTopicPrefix } from './mqtt-topics.util';
import type { PublisherOptions } from './meter-fleet.publisher';
import { consoleLogger } from './sim.logger';
import { assertTimezone } from './timezone.util';

/** Publisher settings come through unchanged; their meaning is documented on {@link PublisherOptions}. */
type PublisherSettings = Pick<
  PublisherOptions,
  | 'topicPrefix'
  | 'protocolVersion'
  | 'clientIdPrefix'
  | 'maxInFlight'
  | 'maxInFlightPerConnection'
  | 'batchSize'
  | 'uploadSpreadS'
  | 'announceOfflineOnStop'
  | 'logger'
>;

/** Device and customer behaviour under faults; documented on {@link DeviceBehaviour} and {@link CallBehaviour}. */
type FaultSettings = Omit<DeviceBehaviour, 'seed'> & Omit<CallBehaviour, 'seed'>;

export interface SimulatorConfig extends PublisherSettings, FaultSettings {
  /** Platform HTTP base URL, for registering the topology. */
  apiUrl: string;
  mqttUrl: string;
  adminUsername: string | null;
  adminPassword: string | null;
  /** PUT the topology before publishing. Off when the platform already knows the county (or in tests). */
  register: boolean;
  seed: number;
  feeders: number;
  transformers: number;
  meters: number;
  idPrefix: string;
  /** Hours of interval history published on start; 0 disables backfill. */
  backfillHours: number;
  /** Publish live intervals after the backfill. */
  live: boolean;
  /** Simulated seconds per wall second (demos). */
  speed: number;
  /** Simulated start instant (epoch ms); null = now. */
  startAt: number | null;
  timeZone: string;
  registerTimeoutMs: number;
  registerRequestTimeoutMs: number;
  mqttConnectTimeoutMs: number;
  /** Control API port on 127.0.0.1; null disables the API (and with it fault injection). */
  controlPort: number | null;
  /** Bearer token of the control API; null: a random one per start, written to `${dataDir}/sim-control-token`. */
  controlToken: string | null;
  dataDir: string;
  /** Default probability that a capable meter's last gasp is delivered (a fault may set its own). */
  lastGaspP: number;
  /** Customers of de-energized meters phone in (`POST /api/v1/fault-reports`). */
  customerCalls: boolean;
  callRequestTimeoutMs: number;
}

export type SimulatorConfigInput = Partial<SimulatorConfig>;

export class SimulatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid simulator configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SimulatorConfigError';
  }
}

export function simulatorDefaults(env: NodeJS.ProcessEnv = {}): SimulatorConfig {
  return {
    apiUrl: `http://127.0.0.1:${env.PORT || 3000}`,
    mqttUrl: `mqtt://127.0.0.1:${env.MQTT_PORT || 1883}`,
    adminUsername: null,
    adminPassword: null,
    register: true,
    seed: 42,
    feeders: COUNTY_DEFAULTS.feeders,
    transformers: COUNTY_DEFAULTS.transformers,
    meters: COUNTY_DEFAULTS.meters,
    idPrefix: '',
    backfillHours: 24,
    live: true,
    speed: 1,
    startAt: null,
    topicPrefix: 'grid',
    timeZone: 'Asia/Shanghai',
    protocolVersion: 4,
    clientIdPrefix: `gridcell-sim-${randomBytes(3).toString('hex')}`,
    maxInFlight: 256,
    maxInFlightPerConnection: 16,
    batchSize: 1000,
    uploadSpreadS: 10,
    announceOfflineOnStop: true,
    registerTimeoutMs: 120_000,
    // The platform hashes every account's password on PUT (~25 ms each here): 10,000 meters take minutes.
    registerRequestTimeoutMs: 900_000,
    mqttConnectTimeoutMs: 30_000,
    controlPort: 3100,
    controlToken: null,
    dataDir: '.data',
    // DOMAIN: best effort, "many are never delivered": about one in two gets through.
    lastGaspP: 0.55,
    // DOMAIN: after ~30-45 s of zero voltage (EPRI use case: 45 s).
    lastGaspMinS: 30,
    lastGaspMaxS: 45,
    powerUpP: 0.95,
    // DOMAIN: State Grid asks HPLC modules to run 30 s on their capacitor after power loss.
    gatewayPowerDownS: 30,
    gatewayHoldUpS: 48,
    gatewayRebootS: 45,
    customerCalls: true,
    callShare: 0.2,
    singleHomeCallShare: 0.7,
    callDelayFactor: 1,
    callRequestTimeoutMs: 10_000,
    logger: consoleLogger,
  };
}

/** The environment variable behind each field, so errors name what the operator actually set. */
const ENV_NAMES: Partial<Record<keyof SimulatorConfig, string>> = {
  apiUrl: 'API_URL',
  mqttUrl: 'MQTT_URL',
  adminUsername: 'GRID_ADMIN_USERNAME',
  adminPassword: 'GRID_ADMIN_PASSWORD',
  register: 'SIM_REGISTER',
  seed: 'SIM_SEED',
  feeders: 'SIM_FEEDERS',
  transformers: 'SIM_TRANSFORMERS',
  meters: 'SIM_METERS',
  idPrefix: 'SIM_ID_PREFIX',
  backfillHours: 'SIM_BACKFILL_HOURS',
  speed: 'SIM_SPEED',
  startAt: 'SIM_START',
  topicPrefix: 'MQTT_TOPIC_PREFIX',
  timeZone: 'GRID_TIMEZONE',
  protocolVersion: 'SIM_MQTT_PROTOCOL',
  controlPort: 'SIM_CONTROL_PORT',
  controlToken: 'SIM_CONTROL_TOKEN',
  dataDir: 'DATA_DIR',
  lastGaspP: 'SIM_LAST_GASP_P',
  lastGaspMinS: 'SIM_LAST_GASP_MIN_S',
  lastGaspMaxS: 'SIM_LAST_GASP_MAX_S',
  powerUpP: 'SIM_POWER_UP_P',
  gatewayPowerDownS: 'SIM_GATEWAY_POWER_DOWN_S',
  gatewayHoldUpS: 'SIM_GATEWAY_HOLDUP_S',
  gatewayRebootS: 'SIM_GATEWAY_REBOOT_S',
  customerCalls: 'SIM_CUSTOMER_CALLS',
  callShare: 'SIM_CALL_SHARE',
  singleHomeCallShare: 'SIM_CALL_SHARE_SINGLE_HOME',
  callDelayFactor: 'SIM_CALL_DELAY_FACTOR',
};

/**
 * Reads the simulator's environment (all optional except the admin credentials when registering):
 * API_URL, PORT, MQTT_URL, MQTT_PORT, GRID_ADMIN_USERNAME, GRID_ADMIN_PASSWORD, SIM_REGISTER (on|off),
 * SIM_SEED, SIM_FEEDERS, SIM_TRANSFORMERS, SIM_METERS, SIM_ID_PREFIX, SIM_BACKFILL_HOURS, SIM_SPEED,
 * SIM_START (ISO-8601), MQTT_TOPIC_PREFIX, GRID_TIMEZONE, SIM_MQTT_PROTOCOL (4 | 5), and the fault
 * injection settings named in ENV_NAMES (SIM_CONTROL_PORT, SIM_CONTROL_TOKEN, DATA_DIR, SIM_LAST_GASP_P, ...).
 * Every problem is reported at once, each naming its variable.
 */
export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const problems: string[] = [];
  const input: SimulatorConfigInput = {};
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const num = (name: string, integer: boolean): number | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      problems.push(`${name} must be ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
      return undefined;
    }
    return n;
  };
  for (const name of ['PORT', 'MQTT_PORT']) {
    const port = num(name, true);
    if (port !== undefined && (port < 1 || port > 65535))
      problems.push(`${name} must be a port 1..65535, got ${port}`);
  }

  input.apiUrl = str('API_URL');
  input.mqttUrl = str('MQTT_URL');
  input.adminUsername = str('GRID_ADMIN_USERNAME') ?? null;
  // Passwords may legitimately contain spaces; only treat "unset or empty" as missing.
  input.adminPassword = env.GRID_ADMIN_PASSWORD ? env.GRID_ADMIN_PASSWORD : null;
  const onOff = (name: string): boolean | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    if (/^(on|true|1|yes)$/i.test(raw)) return true;
    if (/^(off|false|0|no)$/i.test(raw)) return false;
    problems.push(`${name} must be on or off, got "${raw}"`);
    return undefined;
  };
  input.register = onOff('SIM_REGISTER');
  input.seed = num('SIM_SEED', true);
  input.feeders = num('SIM_FEEDERS', true);
  input.transformers = num('SIM_TRANSFORMERS', true);
  input.meters = num('SIM_METERS', true);
  input.idPrefix = str('SIM_ID_PREFIX');
  input.backfillHours = num('SIM_BACKFILL_HOURS', false);
  input.speed = num('SIM_SPEED', false);
  const start = str('SIM_START');
  if (start !== undefined) {
    const at = /^-?\d+$/.test(start) ? Number(start) : Date.parse(start);
    if (Number.isNaN(at))
      problems.push(`SIM_START must be an ISO-8601 timestamp or epoch ms, got "${start}"`);
    else input.startAt = at;
  }
  input.topicPrefix = str('MQTT_TOPIC_PREFIX');
  input.timeZone = str('GRID_TIMEZONE');
  const protocol = str('SIM_MQTT_PROTOCOL');
  if (protocol !== undefined) {
    if (protocol === '4' || protocol === '3.1.1') input.protocolVersion = 4;
    else if (protocol === '5' || protocol === '5.0') input.protocolVersion = 5;
    else problems.push(`SIM_MQTT_PROTOCOL must be 4 (3.1.1) or 5, got "${protocol}"`);
  }

  const controlPort = str('SIM_CONTROL_PORT');
  if (controlPort !== undefined) {
    input.controlPort = /^(0|off)$/i.test(controlPort) ? null : num('SIM_CONTROL_PORT', true);
  }
  input.controlToken = str('SIM_CONTROL_TOKEN');
  input.dataDir = str('DATA_DIR');
  input.lastGaspP = num('SIM_LAST_GASP_P', false);
  input.lastGaspMinS = num('SIM_LAST_GASP_MIN_S', false);
  input.lastGaspMaxS = num('SIM_LAST_GASP_MAX_S', false);
  input.powerUpP = num('SIM_POWER_UP_P', false);
  input.gatewayPowerDownS = num('SIM_GATEWAY_POWER_DOWN_S', false);
  input.gatewayHoldUpS = num('SIM_GATEWAY_HOLDUP_S', false);
  input.gatewayRebootS = num('SIM_GATEWAY_REBOOT_S', false);
  input.customerCalls = onOff('SIM_CUSTOMER_CALLS');
  input.callShare = num('SIM_CALL_SHARE', false);
  input.singleHomeCallShare = num('SIM_CALL_SHARE_SINGLE_HOME', false);
  input.callDelayFactor = num('SIM_CALL_DELAY_FACTOR', false);

  const defined = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as SimulatorConfigInput;
  return resolveSimulatorConfig(defined, { env, labels: ENV_NAMES, problems });
}

/**
 * Applies defaults and validates, for callers that build the config in code (the all-in-one launcher).
 * Errors name the field, or its environment variable when called from `loadSimulatorConfig`.
 */
export function resolveSimulatorConfig(
  input: SimulatorConfigInput,
  context: {
    env?: NodeJS.ProcessEnv;
    labels?: Partial<Record<keyof SimulatorConfig, string>>;
    problems?: string[];
  } = {},
): SimulatorConfig {
  const c: SimulatorConfig = { ...simulatorDefaults(context.env ?? {}), ...stripUndefined(input) };
  const problems = [...(context.problems ?? [])];
  const label = (k: keyof SimulatorConfig) => context.labels?.[k] ?? k;
  const check = (ok: boolean, k: keyof SimulatorConfig, expected: string) => {
    if (!ok) problems.push(`${label(k)} must be ${expected}, got ${JSON.stringify(c[k])}`);
  };
  const int = (k: keyof SimulatorConfig, min: number, max: number) => {
    const v = c[k];
    check(
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
      k,
      `an integer ${min}..${max}`,
    );
  };

  check(isUrl(c.apiUrl, ['http:', 'https:']), 'apiUrl', 'an http(s) URL');
  check(
    isUrl(c.mqttUrl, ['mqtt:', 'mqtts:', 'tcp:', 'tls:', 'ws:', 'wss:']),
    'mqttUrl',
    'an mqtt(s):// or ws(s):// URL',
  );
  int('seed', 0, 0xffffffff);
  int('feeders', 1, 999);
  int('transformers', 1, 99_999);
  int('meters', 1, 9_999_999);
  if (Number.isInteger(c.feeders) && Number.isInteger(c.transformers) && c.transformers < c.feeders) {
    problems.push(
      `${label('transformers')} (${c.transformers}) must be at least ${label('feeders')} (${c.feeders})`,
    );
  }
  if (Number.isInteger(c.transformers) && Number.isInteger(c.meters) && c.meters < c.transformers) {
    problems.push(
      `${label('meters')} (${c.meters}) must be at least ${label('transformers')} (${c.transformers})`,
    );
  }
  check(/^[A-Za-z0-9._-]{0,24}$/.test(c.idPrefix), 'idPrefix', 'up to 24 characters from [A-Za-z0-9._-]');
  check(
    Number.isFinite(c.backfillHours) && c.backfillHours >= 0 && c.backfillHours <= 24 * 90,
    'backfillHours',
    'a number of hours 0..2160',
  );
  check(Number.isFinite(c.speed) && c.speed > 0 && c.speed <= 86_400, 'speed', 'a number > 0 and ≤ 86400');
  check(c.startAt === null || Number.isFinite(c.startAt), 'startAt', 'epoch ms or null');
  const earliest = (c.startAt ?? Date.now()) - c.backfillHours * 3_600_000;
  if (Number.isFinite(earliest) && earliest < MODEL_START_MS + 86_400_000) {
    problems.push(
      `${label('startAt')} minus ${label('backfillHours')} reaches ${new Date(earliest).toISOString()}, ` +
        `before the load model's start (${new Date(MODEL_START_MS + 86_400_000).toISOString()})`,
    );
  }
  check(
    isValidTopicPrefix(c.topicPrefix),
    'topicPrefix',
    'topic levels without wildcards (+ #), empty levels or a leading $',
  );
  try {
    assertTimezone(c.timeZone);
  } catch {
    check(false, 'timeZone', 'an IANA time zone such as Asia/Shanghai');
  }
  check(c.protocolVersion === 4 || c.protocolVersion === 5, 'protocolVersion', '4 (MQTT 3.1.1) or 5');
  check(
    /^[A-Za-z0-9._-]{1,40}$/.test(c.clientIdPrefix),
    'clientIdPrefix',
    '1-40 characters from [A-Za-z0-9._-]',
  );
  int('maxInFlight', 1, 65_535);
  int('maxInFlightPerConnection', 1, 65_535);
  int('batchSize', 1, 10_000);
  check(Number.isFinite(c.uploadSpreadS) && c.uploadSpreadS >= 0, 'uploadSpreadS', 'a number of seconds ≥ 0');
  int('registerTimeoutMs', 0, 86_400_000);
  int('registerRequestTimeoutMs', 1, 86_400_000);
  int('mqttConnectTimeoutMs', 0, 86_400_000);
  if (c.controlPort !== null) int('controlPort', 1, 65535);
  check(c.controlToken === null || c.controlToken.length >= 16, 'controlToken', 'at least 16 characters');
  check(c.dataDir.length > 0, 'dataDir', 'a directory');
  const probability = (k: keyof SimulatorConfig) => {
    const v = c[k];
    check(typeof v === 'number' && v >= 0 && v <= 1, k, 'a probability 0..1');
  };
  const seconds = (k: keyof SimulatorConfig, max: number) => {
    const v = c[k];
    check(
      typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max,
      k,
      `a number of seconds 0..${max}`,
    );
  };
  probability('lastGaspP');
  probability('powerUpP');
  probability('callShare');
  probability('singleHomeCallShare');
  seconds('lastGaspMinS', 3600);
  seconds('lastGaspMaxS', 3600);
  if (c.lastGaspMaxS < c.lastGaspMinS) {
    problems.push(
      `${label('lastGaspMaxS')} (${c.lastGaspMaxS}) must be at least ${label('lastGaspMinS')} (${c.lastGaspMinS})`,
    );
  }
  seconds('gatewayPowerDownS', 3600);
  seconds('gatewayHoldUpS', 3600);
  if (c.gatewayHoldUpS < c.gatewayPowerDownS) {
    problems.push(
      `${label('gatewayHoldUpS')} (${c.gatewayHoldUpS}) must be at least ${label('gatewayPowerDownS')} (${c.gatewayPowerDownS}): ` +
        'the concentrator says power_down before its uplink dies',
    );
  }
  seconds('gatewayRebootS', 86_400);
  check(
    Number.isFinite(c.callDelayFactor) && c.callDelayFactor > 0 && c.callDelayFactor <= 100,
    'callDelayFactor',
    'a number > 0 and ≤ 100',
  );
  int('callRequestTimeoutMs', 1, 600_000);
  if (c.register) {
    if (!c.adminUsername) {
      problems.push(
        `${label('adminUsername')} is required to register the topology (or set ${label('register')}=off)`,
      );
    }
    if (!c.adminPassword) {
      problems.push(
        `${label('adminPassword')} is required to register the topology (or set ${label('register')}=off)`,
      );
    }
  }
  if (problems.length > 0) throw new SimulatorConfigError(problems);
  return c;
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * How a client (the CLI) reaches the control API of a simulator started with the same environment:
 * the same variables, read and validated the same way. Null url: SIM_CONTROL_PORT is off.
 */
export function loadControlClientConfig(env: NodeJS.ProcessEnv = process.env): {
  url: string | null;
  token: string | null;
  dataDir: string;
} {
  // Registration settings are the simulator's business, not the client's.
  const c = loadSimulatorConfig({ ...env, SIM_REGISTER: 'off' });
  return {
    url: c.controlPort === null ? null : `http://127.0.0.1:${c.controlPort}`,
    token: c.controlToken,
    dataDir: c.dataDir,
  };
}
