import { ConfigError, loadConfig } from './grid-config';

describe('loadConfig', () => {
  it('applies the contract defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      MQTT_PORT: 1883,
      MQTT_TOPIC_PREFIX: 'grid',
      GRID_TIMEZONE: 'Asia/Shanghai',
      SIMULATOR: 'on',
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers from the environment', () => {
    expect(loadConfig({ PORT: '8080', MQTT_PORT: '1884' })).toMatchObject({ PORT: 8080, MQTT_PORT: 1884 });
  });

  it('names every bad variable at once', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', MQTT_URL: 'http://x', GRID_TIMEZONE: 'Mars/Olympus', SIMULATOR: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    for (const name of ['PORT', 'MQTT_URL', 'GRID_TIMEZONE', 'SIMULATOR']) expect(message).toContain(name);
    expect(message).toContain('"eighty"');
  });
});
