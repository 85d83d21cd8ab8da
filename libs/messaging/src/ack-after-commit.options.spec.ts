import { reconnectDelayMs, resolveConsumerOptions } from './ack-after-commit.options';

const base = { url: 'mqtt://broker.local:1884', clientId: 'ingest-1', subscriptions: ['grid/+/reading'] };

describe('resolveConsumerOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveConsumerOptions(base)).toMatchObject({
      host: 'broker.local',
      port: 1884,
      qos: 1,
      protocolVersion: 'auto',
      receiveMaximum: 4096,
      keepaliveS: 30,
      sessionExpiryS: 7 * 24 * 3600,
      username: undefined,
      password: undefined,
    });
  });

  it('defaults the port to 1883 and reads credentials from the URL', () => {
    const options = resolveConsumerOptions({ ...base, url: 'mqtt://svc%40grid:p%3Ass@[::1]' });
    expect(options).toMatchObject({ host: '::1', port: 1883, username: 'svc@grid', password: 'p:ss' });
  });

  it('prefers explicit credentials over the URL', () => {
    const options = resolveConsumerOptions({ ...base, url: 'mqtt://a:b@h', username: 'u', password: 'p' });
    expect(options).toMatchObject({ username: 'u', password: 'p' });
  });

  it.each([
    [{ url: 'not a url' }, 'not a valid URL'],
    [{ url: 'mqtts://h:8883' }, 'must use mqtt://'],
    [{ clientId: '' }, 'clientId'],
    [{ subscriptions: [] }, 'subscriptions'],
    [{ receiveMaximum: 0 }, 'receiveMaximum'],
    [{ receiveMaximum: 65_536 }, 'receiveMaximum'],
    [{ reconnectMinMs: 1000, reconnectMaxMs: 10 }, 'reconnectMaxMs'],
  ])('rejects %j', (override, message) => {
    expect(() => resolveConsumerOptions({ ...base, ...override })).toThrow(message);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from the minimum up to the maximum, jittered within the upper half', () => {
    expect(reconnectDelayMs(0, 100, 1000, () => 0)).toBe(50);
    expect(reconnectDelayMs(0, 100, 1000, () => 1)).toBe(100);
    expect(reconnectDelayMs(3, 100, 1000, () => 1)).toBe(800);
    expect(reconnectDelayMs(4, 100, 1000, () => 1)).toBe(1000);
    expect(reconnectDelayMs(500, 100, 1000, () => 0.5)).toBe(750);
  });
});
