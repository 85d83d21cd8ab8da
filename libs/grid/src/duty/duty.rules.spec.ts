import { effectiveDuty, type DutyEvidence } from './duty.rules';

const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00.000Z`);
const none: DutyEvidence = { manual: null, covering: null, lastBoundary: null, stored: 'on_duty' };
const manual = (state: 'on_duty' | 'off_duty' | 'on_leave', hhmm: string, reason: string | null = null) => ({
  state,
  at: at(hhmm),
  by: 'dispatch-1',
  reason,
});
const shift = (state: 'on_duty' | 'on_leave', from: string, to: string) => ({
  state,
  startsAt: at(from),
  endsAt: at(to),
});

describe('effectiveDuty (calendar and hand-made changes)', () => {
  it('uses the stored state for someone with neither a change log nor a calendar', () => {
    expect(effectiveDuty({ ...none, stored: 'off_duty' })).toEqual({
      state: 'off_duty',
      since: null,
      source: 'default',
      reason: 'off duty',
    });
  });

  it('without a calendar, the last change by hand holds, with who made it and why', () => {
    expect(effectiveDuty({ ...none, manual: manual('on_leave', '09:00', 'annual leave') })).toEqual({
      state: 'on_leave',
      since: at('09:00').toISOString(),
      source: 'manual',
      reason: 'on leave (set by dispatch-1: annual leave)',
    });
  });

  it('follows the calendar entry in force', () => {
    expect(
      effectiveDuty({ ...none, covering: shift('on_duty', '08:00', '18:00'), lastBoundary: at('08:00') }),
    ).toEqual({
      state: 'on_duty',
      since: at('08:00').toISOString(),
      source: 'calendar',
      reason: `on duty (calendar, until ${at('18:00').toISOString()})`,
    });
  });

  it('is off duty between calendar entries', () => {
    expect(effectiveDuty({ ...none, lastBoundary: at('18:00') })).toEqual({
      state: 'off_duty',
      since: at('18:00').toISOString(),
      source: 'calendar',
      reason: 'off duty (between calendar entries)',
    });
  });

  it('lets a change by hand after the calendar last turned win until it turns again', () => {
    const inShift = { ...none, covering: shift('on_duty', '08:00', '18:00'), lastBoundary: at('08:00') };
    expect(effectiveDuty({ ...inShift, manual: manual('off_duty', '12:00', 'sent home ill') })).toMatchObject(
      {
        state: 'off_duty',
        source: 'manual',
        reason: 'off duty (set by dispatch-1: sent home ill)',
      },
    );
    // The next turn of the calendar (a leave entry starting at 13:00) overrides the 12:00 change.
    expect(
      effectiveDuty({
        ...inShift,
        covering: shift('on_leave', '13:00', '15:00'),
        lastBoundary: at('13:00'),
        manual: manual('off_duty', '12:00'),
      }),
    ).toMatchObject({ state: 'on_leave', source: 'calendar' });
  });

  it('lets the calendar win over a change by hand made before it last turned', () => {
    expect(
      effectiveDuty({
        ...none,
        manual: manual('on_leave', '07:00'),
        covering: shift('on_duty', '08:00', '18:00'),
        lastBoundary: at('08:00'),
      }),
    ).toMatchObject({ state: 'on_duty', source: 'calendar' });
  });

  it('counts a change made at the very instant the calendar turned as the later word', () => {
    expect(
      effectiveDuty({
        ...none,
        manual: manual('on_leave', '08:00'),
        covering: shift('on_duty', '08:00', '18:00'),
        lastBoundary: at('08:00'),
      }),
    ).toMatchObject({ state: 'on_leave', source: 'manual' });
  });
});
