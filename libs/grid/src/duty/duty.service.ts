import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DutyState } from '../entities/staff.entity';
import type { ShiftState } from '../entities/staff-shift.entity';
import { effectiveDuty, type EffectiveDuty } from './duty.rules';

export interface DutyChange {
  state: DutyState;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

export interface Shift {
  id: string;
  startsAt: string;
  endsAt: string;
  state: ShiftState;
  note: string | null;
  createdBy: string;
  createdAt: string;
  cancelledBy: string | null;
  cancelledAt: string | null;
}

interface EvidenceRow {
  id: string;
  stored: DutyState;
  m_state: DutyState | null;
  m_at: Date | null;
  m_by: string | null;
  m_reason: string | null;
  c_state: ShiftState | null;
  c_start: Date | null;
  c_end: Date | null;
  boundary: Date | null;
}

const SHIFT_COLUMNS = `id::text, starts_at AS "startsAt", ends_at AS "endsAt", state, note, created_by AS "createdBy",
  created_at AS "createdAt", cancelled_by AS "cancelledBy", cancelled_at AS "cancelledAt"`;

/**
 * Staff duty: states changed by hand, calendars of shifts and leave, and the state in force at
 * any instant ({@link effectiveDuty}). Every change is kept with who made it and when.
 */
@Injectable()
export class DutyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async set(
    staffId: string,
    state: DutyState,
    reason: string | null,
    changedBy: string,
  ): Promise<DutyChange> {
    return this.db.transaction(async (m) => {
      const updated = await m.query<[unknown[], number]>(
        'UPDATE staff SET duty_state = $2, updated_at = now() WHERE id = $1',
        [staffId, state],
      );
      if (updated[1] === 0) throw new NotFoundException(`staff "${staffId}" not found`);
      const [row] = await m.query<{ changed_at: Date }[]>(
        'INSERT INTO staff_duty_changes (staff_id, state, reason, changed_by) VALUES ($1, $2, $3, $4) RETURNING changed_at',
        [staffId, state, reason, changedBy],
      );
      return { state, reason, changedBy, changedAt: row.changed_at.toISOString() };
    });
  }

  async history(staffId: string): Promise<DutyChange[]> {
    await this.mustExist(staffId);
    const rows = await this.db.query<
      { state: DutyState; reason: string | null; changed_by: string; changed_at: Date }[]
    >(
      'SELECT state, reason, changed_by, changed_at FROM staff_duty_changes WHERE staff_id = $1 ORDER BY changed_at DESC, id DESC',
      [staffId],
    );
    return rows.map((r) => ({
      state: r.state,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: r.changed_at.toISOString(),
    }));
  }

  /** The duty state in force at `at` for the given staff (everyone when omitted). */
  async effective(staffIds?: string[], at = new Date()): Promise<Map<string, EffectiveDuty>> {
    const rows = await this.db.query<EvidenceRow[]>(
      `SELECT s.id, s.duty_state AS stored,
              m.state AS m_state, m.changed_at AS m_at, m.changed_by AS m_by, m.reason AS m_reason,
              c.state AS c_state, c.starts_at AS c_start, c.ends_at AS c_end, b.boundary
       FROM staff s
       LEFT JOIN LATERAL (SELECT state, changed_at, changed_by, reason FROM staff_duty_changes
                          WHERE staff_id = s.id AND changed_at <= $2 ORDER BY changed_at DESC, id DESC LIMIT 1) m ON true
       LEFT JOIN LATERAL (SELECT state, starts_at, ends_at FROM staff_shifts
                          WHERE staff_id = s.id AND cancelled_at IS NULL AND starts_at <= $2 AND ends_at > $2
                            AND created_at <= $2
                          ORDER BY greatest(starts_at, created_at) DESC, id DESC LIMIT 1) c ON true
       -- An entry turns the calendar when it starts, or when it was added if that was later;
       -- one added after it ended is a record of the past and turns nothing.
       LEFT JOIN LATERAL (SELECT max(CASE WHEN ends_at <= $2 THEN ends_at ELSE greatest(starts_at, created_at) END) AS boundary
                          FROM staff_shifts WHERE staff_id = s.id AND cancelled_at IS NULL AND starts_at <= $2
                            AND created_at <= $2 AND created_at < ends_at) b ON true
       WHERE $1::text[] IS NULL OR s.id = ANY($1::text[])`,
      [staffIds ?? null, at],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        effectiveDuty({
          stored: r.stored,
          manual:
            r.m_state && r.m_at && r.m_by
              ? { state: r.m_state, at: r.m_at, by: r.m_by, reason: r.m_reason }
              : null,
          covering:
            r.c_state && r.c_start && r.c_end
              ? { state: r.c_state, startsAt: r.c_start, endsAt: r.c_end }
              : null,
          lastBoundary: r.boundary,
        }),
      ]),
    );
  }

  async effectiveOne(staffId: string): Promise<EffectiveDuty> {
    const duty = (await this.effective([staffId])).get(staffId);
    if (!duty) throw new NotFoundException(`staff "${staffId}" not found`);
    return duty;
  }

  async addShift(
    staffId: string,
    shift: { startsAt: string; endsAt: string; state: ShiftState; note?: string },
    createdBy: string,
  ): Promise<Shift> {
    if (!(Date.parse(shift.endsAt) > Date.parse(shift.startsAt)))
      throw new BadRequestException('endsAt must be after startsAt');
    await this.mustExist(staffId);
    const [row] = await this.db.query<Shift[]>(
      `INSERT INTO staff_shifts (staff_id, starts_at, ends_at, state, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SHIFT_COLUMNS}`,
      [staffId, shift.startsAt, shift.endsAt, shift.state, shift.note ?? null, createdBy],
    );
    return toShift(row);
  }

  /** Entries overlapping [from, to), cancelled ones included (with who cancelled them). */
  async shifts(staffId: string, from: Date, to: Date): Promise<Shift[]> {
    await this.mustExist(staffId);
    const rows = await this.db.query<Shift[]>(
      `SELECT ${SHIFT_COLUMNS} FROM staff_shifts WHERE staff_id = $1 AND starts_at < $3 AND ends_at > $2
       ORDER BY starts_at, id`,
      [staffId, from, to],
    );
    return rows.map(toShift);
  }

  async cancelShift(staffId: string, shiftId: string, cancelledBy: string): Promise<Shift> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await this.db.query<[Shift[], number]>(
      `UPDATE staff_shifts SET cancelled_by = $3, cancelled_at = now()
       WHERE staff_id = $1 AND id = $2::bigint AND cancelled_at IS NULL RETURNING ${SHIFT_COLUMNS}`,
      [staffId, shiftId, cancelledBy],
    );
    if (row) return toShift(row);
    const [existing] = await this.db.query<unknown[]>(
      'SELECT 1 FROM staff_shifts WHERE staff_id = $1 AND id = $2::bigint',
      [staffId, shiftId],
    );
    if (existing) throw new ConflictException(`shift ${shiftId} is already cancelled`);
    throw new NotFoundException(`shift ${shiftId} of staff "${staffId}" not found`);
  }

  private async mustExist(staffId: string): Promise<void> {
    const exists = await this.db.query<unknown[]>('SELECT 1 FROM staff WHERE id = $1', [staffId]);
    if (!exists.length) throw new NotFoundException(`staff "${staffId}" not found`);
  }
}

function toShift(row: Shift): Shift {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
  return {
    ...row,
    startsAt: iso(row.startsAt)!,
    endsAt: iso(row.endsAt)!,
    createdAt: iso(row.createdAt)!,
    cancelledAt: iso(row.cancelledAt),
  };
}
