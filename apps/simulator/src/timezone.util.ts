/**
 * Local-calendar helpers for one IANA zone. Load shapes follow the household's wall clock (breakfast at
 * 7 local), and ISO timestamps must carry the zone's offset as real concentrators do. Offsets are cached
 * per UTC hour: every real-world offset change happens on a UTC hour or half-hour boundary, and Intl is
 * far too slow to call once per reading.
 */

// Bound once: inside vm sandboxes (jest) every global lookup goes through an interceptor, and these
// functions run millions of times when a fleet's history is computed.
const { abs, floor } = Math;

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** Fractional local hour, 0 ≤ h < 24. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** 0-based day of the year. */
  dayOfYear: number;
  /** Days since 1970-01-01 in local calendar terms: a stable key for "the same local day". */
  localDayNumber: number;
}

export function assertTimezone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as Asia/Shanghai)`);
  }
}

export class LocalCalendar {
  private readonly offsetByDay = new Map<number, number | null>();
  private readonly formatter: Intl.DateTimeFormat;
  /** Shape series walk time in order, so memoising the last local date avoids most Date work. */
  private lastDay = Number.NaN;
  private lastDate = { year: 0, month: 0, day: 0, dayOfYear: 0 };
  private lastIso: [number, string] = [Number.NaN, ''];

  constructor(readonly timeZone: string) {
    assertTimezone(timeZone);
    this.formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  /** Offset of local time from UTC in ms at the given instant. */
  offsetMs(tsMs: number): number {
    const day = floor(tsMs / DAY_MS);
    let offset = this.offsetByDay.get(day);
    if (offset === undefined) {
      // No zone changes offset twice within a day: if both ends of the UTC day agree, the whole day does.
      const start = this.computeOffset(day * DAY_MS);
      offset = start === this.computeOffset((day + 1) * DAY_MS) ? start : null;
      if (this.offsetByDay.size > 100_000) this.offsetByDay.clear();
      this.offsetByDay.set(day, offset);
    }
    // A transition day: resolve at quarter-hour granularity (Nepal's offset is +05:45).
    return offset ?? this.computeOffset(floor(tsMs / QUARTER_MS) * QUARTER_MS);
  }

  parts(tsMs: number): LocalParts {
    const local = tsMs + this.offsetMs(tsMs);
    const localDayNumber = floor(local / DAY_MS);
    if (localDayNumber !== this.lastDay) {
      const d = new Date(localDayNumber * DAY_MS);
      const year = d.getUTCFullYear();
      this.lastDay = localDayNumber;
      this.lastDate = {
        year,
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        dayOfYear: localDayNumber - floor(Date.UTC(year, 0, 1) / DAY_MS),
      };
    }
    // Spelled out: object spread is surprisingly slow on this hot path.
    const date = this.lastDate;
    return {
      year: date.year,
      month: date.month,
      day: date.day,
      dayOfYear: date.dayOfYear,
      hour: (local - localDayNumber * DAY_MS) / 3_600_000,
      // 1970-01-01 was a Thursday.
      weekday: (((localDayNumber + 4) % 7) + 7) % 7,
      localDayNumber,
    };
  }

  /** ISO-8601 with the zone's numeric offset, second precision (`2026-11-28T08:15:00+08:00`). */
  formatIso(tsMs: number): string {
    // A gateway batch stamps dozens of readings with the same instant.
    if (tsMs === this.lastIso[0]) return this.lastIso[1];
    const offset = this.offsetMs(tsMs);
    const local = new Date(tsMs + offset).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const minutes = abs(offset) / 60_000;
    const hh = String(floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const iso = `${local}${sign}${hh}:${mm}`;
    this.lastIso = [tsMs, iso];
    return iso;
  }

  private computeOffset(tsMs: number): number {
    const name = this.formatter.formatToParts(tsMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(name);
    if (!m || !m[1]) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
  }
}
