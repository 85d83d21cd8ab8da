import { isValidTopicPrefix, topics } from './mqtt-topics.util';

describe('topics', () => {
  it('builds the CONTRACT section 1 topics under a prefix', () => {
    expect(topics.meterReading('grid', 'M1')).toBe('grid/meters/M1/reading');
    expect(topics.gatewayReadings('grid', 'G-T01-01')).toBe('grid/gateways/G-T01-01/readings');
    expect(topics.gatewayStatus('a/b', 'G1')).toBe('a/b/gateways/G1/status');
    expect(topics.allMeterCmds('grid')).toBe('grid/meters/+/cmd');
    expect(topics.meterReply('grid', 'M1')).toBe('grid/meters/M1/reply');
  });

  it('accepts plain prefixes and rejects wildcards, empty levels and $-topics', () => {
    for (const ok of ['grid', 'test-1/grid', 'a.b_c']) expect(isValidTopicPrefix(ok)).toBe(true);
    for (const bad of ['', 'grid/', '/grid', 'a//b', 'grid/#', 'g+', '$SYS'])
      expect(isValidTopicPrefix(bad)).toBe(false);
  });
});
