import type { DutyState } from '../entities/staff.entity';
import type { ShiftState } from '../entities/staff-shift.entity';

/** What the calendar and the duty log say about one staff member at one instant. */
export interface DutyEvidence {
  /** The latest change made by hand (PUT …/duty), if any. */
  manual: { state: DutyState; at: Date; by: string; reason: string | null } | null;
  /** Of the calendar entries covering the instant, the one that took effect last. */
  covering: { state: ShiftState; startsAt: Date; endsAt: Date } | null;
  /**
   * The last time the calendar turned at or before the instant: an entry starting (or being added,
   * if later) or ending. Null without a calendar.
   */
  lastBoundary: Date | null;
  /** The stored state, for someone with neither a change log nor a calendar. */
  stored: DutyState;
}

export interface EffectiveDuty {
  state: DutyState;
  /** When this state began, where known. */
  since: string | null;
  source: 'manual' | 'calendar' | 'default';
  /** In words, e.g. "on leave (calendar, until 2026-12-03T18:00:00.000Z)". */
  reason: string;
}

const WORDS: Record<DutyState, string> = { on_duty: 'on duty', off_duty: 'off duty', on_leave: 'on leave' };

/**
 * A staff member's duty state now. With a calendar, its entries decide — the entry that took
 * effect last among those covering the instant, off duty between entries — unless someone changed
 * the state by hand after the calendar last turned: a hand-made change holds until the calendar
 * next turns (an entry starts, is added or ends). Without a calendar, the last hand-made change
 * holds.
 */
export function effectiveDuty(e: DutyEvidence): EffectiveDuty {
  const byHand = (m: NonNullable<DutyEvidence['manual']>): EffectiveDuty => ({
    state: m.state,
    since: m.at.toISOString(),
    source: 'manual',
    reason: `${WORDS[m.state]} (set by ${m.by}${m.reason ? `: ${m.reason}` : ''})`,
  });
  if (e.lastBoundary === null) {
    return e.manual
      ? byHand(e.manual)
      : { state: e.stored, since: null, source: 'default', reason: WORDS[e.stored] };
  }
  if (e.manual && e.manual.at >= e.lastBoundary) return byHand(e.manual);
  if (e.covering)
    return {
      state: e.covering.state,
      since: e.lastBoundary.toISOString(),
      source: 'calendar',
      reason: `${WORDS[e.covering.state]} (calendar, until ${e.covering.endsAt.toISOString()})`,
    };
  return {
    state: 'off_duty',
    since: e.lastBoundary.toISOString(),
    source: 'calendar',
    reason: 'off duty (between calendar entries)',
  };
}
