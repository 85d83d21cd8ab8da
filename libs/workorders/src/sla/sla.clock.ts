import { DateTime } from 'luxon';
import type { SlaState } from '@gridcell/contracts';
import type { SlaSpan } from './sla.targets';

/** The territory's calendar for working days. */
export interface SlaCalendar {
  timeZone: string;
  /** Public holidays, `yyyy-MM-dd` in the territory's time zone. */
  holidays: ReadonlySet<string>;
}

/** A stretch with the clock stopped (an approved pause); `to` null while it lasts. */
export interface Pause {
  from: number;
  to: number | null;
}

/**
 * `start` plus a span: calendar minutes, or working days — the same local time of day that many
 * working days later, skipping weekends and holidays (a start on a day off counts from the next
 * working day's start of business, 08:30 local).
 */
export function addSpan(start: number, span: SlaSpan, cal: SlaCalendar): number {
  if ('minutes' in span) return start + span.minutes * 60_000;
  let t = DateTime.fromMillis(start, { zone: cal.timeZone });
  const working = (d: DateTime) => d.weekday <= 5 && !cal.holidays.has(d.toFormat('yyyy-MM-dd'));
  if (!working(t)) {
    do t = t.plus({ days: 1 }).set({ hour: 8, minute: 30, second: 0, millisecond: 0 });
    while (!working(t));
  }
  const whole = Math.floor(span.workingDays);
  for (let i = 0; i < whole;) {
    t = t.plus({ days: 1 });
    if (working(t)) i++;
  }
  const fraction = span.workingDays - whole;
  return t.toMillis() + fraction * 86_400_000;
}

/** How long the clock stood still before `until` (pauses still running count up to `until`). */
export function pausedMs(pauses: Pause[], until: number): number {
  return pauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.to ?? until, until) - p.from), 0);
}

/**
 * A deadline moved out by the time its clock stood still — only by pauses that began before the
 * (moving) deadline: stopping the clock once late does not make an order on time again.
 */
export function dueWithPauses(baseDue: number, pauses: Pause[], until: number): number {
  let due = baseDue;
  for (const p of [...pauses].sort((a, b) => a.from - b.from))
    if (p.from < due && p.from < until) due += Math.min(p.to ?? until, until) - p.from;
  return due;
}

/** Warn this long before a deadline: a fifth of the time allowed, at most two hours. */
export function warningLead(start: number, due: number): number {
  return Math.min((due - start) / 5, 2 * 3_600_000);
}

/** Where one clock stands at `now`: done in time or late, or running on track, at risk, overdue or paused. */
export function slaState(
  c: { start: number; due: number; doneAt: number | null; paused: boolean },
  now: number,
): SlaState {
  if (c.doneAt !== null) return c.doneAt <= c.due ? 'met' : 'missed';
  if (c.paused) return 'paused';
  if (now > c.due) return 'overdue';
  if (now > c.due - warningLead(c.start, c.due)) return 'at_risk';
  return 'on_track';
}
