import { MessageDecoder } from './message.decoder';

const NOW = Date.parse('2026-11-28T08:20:00+08:00');
const decoder = new MessageDecoder({ topicPrefix: 'grid', futureToleranceMs: 300_000 });
const decode = (topic: string, body: unknown) =>
  decoder.decode(topic, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), NOW);
const reasons = (topic: string, body: unknown) => decode(topic, body).rejections.map((r) => r.reason);

describe('MessageDecoder', () => {
  it('decodes a single-phase reading with an ISO time', () => {
    const { readings, rejections } = decode('grid/meters/M1/reading', {
      ts: '2026-11-28T08:15:00+08:00',
      energyKwh: 1532.41,
      voltageV: 221.3,
      currentA: 3.2,
    });
    expect(rejections).toEqual([]);
    expect(readings).toEqual([
      {
        meterId: 'M1',
        meterNum: 0,
        ts: Date.parse('2026-11-28T00:15:00Z'),
        energyKwh: 1532.41,
        voltage: [221.3, null, null],
        current: [3.2, null, null],
        powerKw: null,
        powerFactor: null,
        frequencyHz: null,
        source: expect.any(Object),
      },
    ]);
  });

  it('decodes three phases and epoch milliseconds', () => {
    const [r] = decode('grid/meters/M3/reading', {
      ts: 1764288900000,
      voltageV: [230, 0, 229.5],
      currentA: [1, 0, -2],
    }).readings;
    expect(r).toMatchObject({ ts: 1764288900000, voltage: [230, 0, 229.5], current: [1, 0, -2] });
  });

  it('keeps the good readings of a gateway batch and quarantines each bad item with its index', () => {
    const out = decode('grid/gateways/G1/readings', [
      { meterId: 'M1', ts: 1764288900000, energyKwh: 1 },
      { meterId: 'M2', ts: 1764288900000, energyKwh: -5 },
      { ts: 1764288900000, energyKwh: 2 },
      { meterId: 'M4', ts: 1764288900000, energyKwh: 3 },
    ]);
    expect(out.readings.map((r) => r.meterId)).toEqual(['M1', 'M4']);
    expect(out.rejections.map((r) => r.reason)).toEqual([
      'readings[1]: energyKwh must be >= 0',
      'readings[2]: meterId is required in a gateway batch',
    ]);
    expect(JSON.parse(out.rejections[0].payload.toString())).toEqual({
      meterId: 'M2',
      ts: 1764288900000,
      energyKwh: -5,
    });
  });

  it.each([
    ['not JSON', '{"ts": 17', /not valid JSON/],
    ['a wrong type', { ts: 1764288900000, energyKwh: 'lots' }, /energyKwh must be number/],
    ['a missing ts', { energyKwh: 1 }, /must have required property 'ts'/],
    ['a ts without zone', { ts: '2026-11-28T08:15:00', energyKwh: 1 }, /zone offset/],
    [
      'a meter mismatch',
      { meterId: 'M2', ts: 1764288900000, energyKwh: 1 },
      /does not match the topic's "M1"/,
    ],
    [
      'an absurd voltage',
      { ts: 1764288900000, voltageV: 5000 },
      /voltageV must be a number or an array of 3/,
    ],
    ['a negative energy', { ts: 1764288900000, energyKwh: -1 }, /energyKwh must be >= 0/],
    ['no quantity at all', { ts: 1764288900000 }, /carries no quantity/],
    ['a far-future ts', { ts: '2026-11-28T09:15:00+08:00', energyKwh: 1 }, /is in the future/],
    ['an ancient ts', { ts: 12, energyKwh: 1 }, /not a plausible time/],
  ])('quarantines %s with its reason', (_case, body, reason) => {
    expect(reasons('grid/meters/M1/reading', body)).toEqual([expect.stringMatching(reason)]);
  });

  it('quarantines an oversized message whole, keeping its first 64 KiB', () => {
    const huge = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const out = decoder.decode('grid/gateways/G1/readings', huge, NOW);
    expect(out.readings).toEqual([]);
    expect(out.rejections[0].reason).toMatch(/exceeds 4194304/);
    expect(out.rejections[0].payload.length).toBe(64 * 1024);
  });

  it('quarantines a batch whole when it has too many readings or one oversized reading', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      meterId: `M${i}`,
      ts: 1764288900000,
      energyKwh: 1,
    }));
    expect(reasons('grid/gateways/G1/readings', many)).toEqual(['10001 readings exceed 10000 per message']);
    const fat = [{ meterId: 'M1', ts: 1764288900000, energyKwh: 1, note: 'x'.repeat(17_000) }];
    expect(reasons('grid/gateways/G1/readings', fat)).toEqual(['reading 0 exceeds 16384 bytes']);
  });

  it('ignores unknown fields', () => {
    expect(
      decode('grid/meters/M1/reading', { ts: 1764288900000, energyKwh: 1, firmware: '1.2' }).readings,
    ).toHaveLength(1);
  });

  it('stamps a gateway will message (no ts) with the receive time', () => {
    expect(decode('grid/gateways/G1/status', { state: 'offline' }).statuses).toEqual([
      { gatewayId: 'G1', ts: NOW, state: 'offline' },
    ]);
  });

  it('decodes meter events and refuses unknown types', () => {
    expect(decode('grid/meters/M1/event', { ts: 1764288900000, type: 'power_down' }).events).toEqual([
      { meterId: 'M1', ts: 1764288900000, type: 'power_down', phase: null, source: expect.any(Object) },
    ]);
    expect(reasons('grid/meters/M1/event', { ts: 1764288900000, type: 'explosion' })[0]).toMatch(
      /type must be one of power_down/,
    );
  });

  it('stores ping replies as readings', () => {
    expect(
      decode('grid/meters/M1/reply', { requestId: 'r-81', ts: 1764288900000, voltageV: 220 }).readings,
    ).toHaveLength(1);
  });

  it('refuses topics outside the contract', () => {
    expect(reasons('grid/meters/M 1/reading', { ts: 1 })[0]).toMatch(/not a device topic/);
    expect(reasons('other/meters/M1/reading', { ts: 1 })[0]).toMatch(/not a device topic/);
  });
});
