import { addSpan, dueWithPauses, pausedMs, slaState } from './sla.clock';
import { parseSpan, slaTargets } from './sla.targets';

const cal = { timeZone: 'Asia/Shanghai', holidays: new Set(['2026-12-25']) };
const at = (local: string) => Date.parse(`${local}+08:00`);
const H = 3_600_000;

describe('SLA clock', () => {
  it('adds calendar minutes', () => {
    expect(addSpan(at('2026-12-02T10:00:00'), { minutes: 90 }, cal)).toBe(at('2026-12-02T11:30:00'));
  });

  it('counts working days in the territory’s calendar, skipping weekends and holidays', () => {
    // Thursday 2026-12-24 16:00 + 2 working days: Friday 25th is a holiday, then the weekend → Tuesday.
    expect(addSpan(at('2026-12-24T16:00:00'), { workingDays: 2 }, cal)).toBe(at('2026-12-29T16:00:00'));
    // Friday 23:30 local is still Friday there (15:30 UTC): one working day later is Monday 23:30.
    expect(addSpan(at('2026-12-04T23:30:00'), { workingDays: 1 }, cal)).toBe(at('2026-12-07T23:30:00'));
  });

  it('starts counting a request made on a day off from the next working morning', () => {
    // Saturday afternoon + 1 working day → Monday 08:30 + 1 = Tuesday 08:30.
    expect(addSpan(at('2026-12-05T15:00:00'), { workingDays: 1 }, cal)).toBe(at('2026-12-08T08:30:00'));
  });

  it('moves a deadline out by approved pauses that began before it, not by later ones', () => {
    const due = at('2026-12-02T11:30:00');
    const pauses = [
      { from: at('2026-12-02T10:30:00'), to: at('2026-12-02T11:00:00') },
      { from: at('2026-12-02T13:00:00'), to: at('2026-12-02T14:00:00') },
    ];
    expect(dueWithPauses(due, pauses, at('2026-12-02T15:00:00'))).toBe(at('2026-12-02T12:00:00'));
    expect(pausedMs(pauses, at('2026-12-02T15:00:00'))).toBe(1.5 * H);
    // A pause still running counts up to now.
    expect(
      dueWithPauses(due, [{ from: at('2026-12-02T11:00:00'), to: null }], at('2026-12-02T11:20:00')),
    ).toBe(at('2026-12-02T11:50:00'));
  });

  it('tells on-track, at-risk, overdue, paused, met and missed apart', () => {
    const start = at('2026-12-02T10:00:00');
    const due = at('2026-12-02T11:30:00');
    const state = (now: string, doneAt: string | null = null, paused = false) =>
      slaState({ start, due, doneAt: doneAt ? at(doneAt) : null, paused }, at(now));
    expect(state('2026-12-02T10:30:00')).toBe('on_track');
    // A fifth of 90 minutes before the deadline: 18 minutes.
    expect(state('2026-12-02T11:13:00')).toBe('at_risk');
    expect(state('2026-12-02T11:31:00')).toBe('overdue');
    expect(state('2026-12-02T11:31:00', null, true)).toBe('paused');
    expect(state('2026-12-02T12:00:00', '2026-12-02T11:29:00')).toBe('met');
    expect(state('2026-12-02T12:00:00', '2026-12-02T11:45:00')).toBe('missed');
  });
});

describe('SLA targets', () => {
  it('defaults to State Grid’s rural commitments and takes overrides', () => {
    const t = slaTargets(
      '{"outage_repair": {"rural": {"respond": "60m"}}, "complaint": {"urban": {"resolve": "3wd"}}}',
    );
    expect(t.outage_repair.rural).toEqual({ respond: { minutes: 60 }, resolve: { minutes: 240 } });
    expect(t.outage_repair.urban.respond).toEqual({ minutes: 45 });
    expect(t.complaint.urban.resolve).toEqual({ workingDays: 3 });
    expect(parseSpan('1.5h')).toEqual({ minutes: 90 });
  });

  it('names every bad override', () => {
    expect(() =>
      slaTargets('{"repairs": {}, "complaint": {"suburban": {}, "rural": {"respond": "soon"}}}'),
    ).toThrow(
      'SLA_TARGETS: unknown work-order type "repairs"; complaint: unknown area class "suburban"; complaint.rural.respond: expected "90m", "4h" or "5wd"',
    );
    expect(() => slaTargets('{')).toThrow(/SLA_TARGETS is not valid JSON/);
  });
});
