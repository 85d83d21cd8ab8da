import { loadSimulatorConfig, resolveSimulatorConfig, SimulatorConfigError } from './simulator.config';

const creds = { GRID_ADMIN_USERNAME: 'admin', GRID_ADMIN_PASSWORD: 'secret pass' };

describe('loadSimulatorConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadSimulatorConfig({ ...creds });
    expect(c).toMatchObject({
      apiUrl: 'http://127.0.0.1:3000',
      mqttUrl: 'mqtt://127.0.0.1:1883',
      adminUsername: 'admin',
      adminPassword: 'secret pass',
      register: true,
      feeders: 4,
      transformers: 40,
      meters: 1000,
      backfillHours: 24,
      speed: 1,
      topicPrefix: 'grid',
      timeZone: 'Asia/Shanghai',
      protocolVersion: 4,
    });
  });

  it('derives the URLs from PORT and MQTT_PORT when API_URL and MQTT_URL are unset', () => {
    const c = loadSimulatorConfig({ ...creds, PORT: '8080', MQTT_PORT: '11883' });
    expect(c.apiUrl).toBe('http://127.0.0.1:8080');
    expect(c.mqttUrl).toBe('mqtt://127.0.0.1:11883');
    expect(loadSimulatorConfig({ ...creds, PORT: '8080', API_URL: 'https://grid.example/' }).apiUrl).toBe(
      'https://grid.example/',
    );
  });

  it('reads every SIM_ variable', () => {
    const c = loadSimulatorConfig({
      ...creds,
      SIM_SEED: '7',
      SIM_METERS: '10',
      SIM_TRANSFORMERS: '2',
      SIM_FEEDERS: '1',
      SIM_BACKFILL_HOURS: '1.5',
      SIM_SPEED: '60',
      SIM_START: '2026-01-15T18:00:00+08:00',
      SIM_ID_PREFIX: 'demo.',
      SIM_MQTT_PROTOCOL: '3.1.1',
      MQTT_TOPIC_PREFIX: 'test/grid',
      GRID_TIMEZONE: 'Asia/Urumqi',
    });
    expect(c).toMatchObject({
      seed: 7,
      meters: 10,
      transformers: 2,
      feeders: 1,
      backfillHours: 1.5,
      speed: 60,
      startAt: Date.parse('2026-01-15T18:00:00+08:00'),
      idPrefix: 'demo.',
      protocolVersion: 4,
      topicPrefix: 'test/grid',
      timeZone: 'Asia/Urumqi',
    });
  });

  it('names every bad variable at once', () => {
    let error: SimulatorConfigError | undefined;
    try {
      loadSimulatorConfig({
        SIM_METERS: 'lots',
        SIM_SPEED: '-2',
        SIM_SEED: '1.5',
        GRID_TIMEZONE: 'Mars/Olympus',
        MQTT_TOPIC_PREFIX: 'grid/#',
        MQTT_URL: 'http://broker',
        PORT: '99999',
        SIM_REGISTER: 'maybe',
      });
    } catch (err) {
      error = err as SimulatorConfigError;
    }
    expect(error).toBeInstanceOf(SimulatorConfigError);
    const text = error!.message;
    for (const name of [
      'SIM_METERS',
      'SIM_SPEED',
      'SIM_SEED',
      'GRID_TIMEZONE',
      'MQTT_TOPIC_PREFIX',
      'MQTT_URL',
      'PORT',
      'SIM_REGISTER',
      'GRID_ADMIN_USERNAME',
      'GRID_ADMIN_PASSWORD',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('requires the admin credentials only when registering', () => {
    expect(() => loadSimulatorConfig({})).toThrow(/GRID_ADMIN_USERNAME is required to register/);
    expect(loadSimulatorConfig({ SIM_REGISTER: 'off' }).register).toBe(false);
  });

  it('refuses a simulated start the load model cannot reach', () => {
    expect(() => loadSimulatorConfig({ ...creds, SIM_START: '2024-01-01T12:00:00Z' })).toThrow(
      /SIM_START minus SIM_BACKFILL_HOURS reaches 2023-12-31T12:00:00.000Z/,
    );
  });

  it('checks that the county is buildable', () => {
    expect(() => loadSimulatorConfig({ ...creds, SIM_METERS: '3', SIM_TRANSFORMERS: '5' })).toThrow(
      /SIM_METERS \(3\) must be at least SIM_TRANSFORMERS \(5\)/,
    );
  });
});

describe('loadSimulatorConfig: fault injection', () => {
  const off = { SIM_REGISTER: 'off' };

  it('defaults to a control API on 3100 and the DOMAIN timings', () => {
    expect(loadSimulatorConfig(off)).toMatchObject({
      controlPort: 3100,
      controlToken: null,
      dataDir: '.data',
      lastGaspP: 0.55,
      lastGaspMinS: 30,
      lastGaspMaxS: 45,
      gatewayPowerDownS: 30,
      customerCalls: true,
      callDelayFactor: 1,
    });
  });

  it('reads the fault variables, with 0 or off disabling the control API', () => {
    expect(loadSimulatorConfig({ ...off, SIM_CONTROL_PORT: 'off' }).controlPort).toBeNull();
    expect(loadSimulatorConfig({ ...off, SIM_CONTROL_PORT: '0' }).controlPort).toBeNull();
    const c = loadSimulatorConfig({
      ...off,
      SIM_CONTROL_PORT: '3999',
      SIM_CONTROL_TOKEN: 'a-long-enough-token',
      DATA_DIR: '/tmp/sim',
      SIM_LAST_GASP_P: '0.6',
      SIM_CUSTOMER_CALLS: 'off',
      SIM_CALL_DELAY_FACTOR: '0.1',
    });
    expect(c).toMatchObject({
      controlPort: 3999,
      controlToken: 'a-long-enough-token',
      dataDir: '/tmp/sim',
      lastGaspP: 0.6,
      customerCalls: false,
      callDelayFactor: 0.1,
    });
  });

  it('names every bad fault variable', () => {
    const bad = {
      ...off,
      SIM_CONTROL_PORT: '70000',
      SIM_CONTROL_TOKEN: 'short',
      SIM_LAST_GASP_P: '1.5',
      SIM_LAST_GASP_MIN_S: '50',
      SIM_GATEWAY_HOLDUP_S: '10',
      SIM_CUSTOMER_CALLS: 'sometimes',
      SIM_CALL_DELAY_FACTOR: '0',
    };
    expect(() => loadSimulatorConfig(bad)).toThrow(SimulatorConfigError);
    try {
      loadSimulatorConfig(bad);
    } catch (err) {
      for (const name of Object.keys(bad).filter((k) => k !== 'SIM_REGISTER')) {
        expect((err as Error).message).toContain(name);
      }
    }
  });
});

describe('resolveSimulatorConfig', () => {
  it('names fields for callers configuring in code', () => {
    expect(() => resolveSimulatorConfig({ register: false, batchSize: 20_000 })).toThrow(/batchSize must be/);
    expect(resolveSimulatorConfig({ register: false, meters: 10, transformers: 2, feeders: 1 }).meters).toBe(
      10,
    );
  });
});
