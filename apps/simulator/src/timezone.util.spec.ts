import { assertTimezone, LocalCalendar } from './timezone.util';

describe('LocalCalendar', () => {
  it('formats ISO-8601 with the zone offset, as in the contract example', () => {
    const ts = Date.parse('2026-11-28T08:15:00+08:00');
    expect(new LocalCalendar('Asia/Shanghai').formatIso(ts)).toBe('2026-11-28T08:15:00+08:00');
    expect(new LocalCalendar('UTC').formatIso(ts)).toBe('2026-11-28T00:15:00+00:00');
    expect(new LocalCalendar('Asia/Kathmandu').formatIso(ts)).toBe('2026-11-28T06:00:00+05:45');
    expect(Date.parse(new LocalCalendar('America/Sao_Paulo').formatIso(ts))).toBe(ts);
  });

  it('follows daylight saving transitions', () => {
    const ny = new LocalCalendar('America/New_York');
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00 UTC).
    expect(ny.formatIso(Date.parse('2026-03-08T06:59:00Z'))).toBe('2026-03-08T01:59:00-05:00');
    expect(ny.formatIso(Date.parse('2026-03-08T07:00:00Z'))).toBe('2026-03-08T03:00:00-04:00');
    expect(ny.parts(Date.parse('2026-07-04T16:30:00Z')).hour).toBe(12.5);
  });

  it('gives local calendar parts', () => {
    const p = new LocalCalendar('Asia/Shanghai').parts(Date.parse('2026-01-01T23:30:00+08:00'));
    expect(p).toMatchObject({ year: 2026, month: 1, day: 1, hour: 23.5, weekday: 4, dayOfYear: 0 });
    const sunday = new LocalCalendar('Asia/Shanghai').parts(Date.parse('2026-04-19T00:10:00+08:00'));
    expect(sunday.weekday).toBe(0);
    expect(sunday.dayOfYear).toBe(108);
  });

  it('rejects unknown zones', () => {
    expect(() => assertTimezone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
