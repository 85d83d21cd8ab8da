import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DutyState } from '../entities/staff.entity';

export interface DutyChange {
  state: DutyState;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

/** Staff duty states, every change recorded with who, when and why. */
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
    const exists = await this.db.query<unknown[]>('SELECT 1 FROM staff WHERE id = $1', [staffId]);
    if (!exists.length) throw new NotFoundException(`staff "${staffId}" not found`);
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
}
