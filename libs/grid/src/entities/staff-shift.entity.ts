import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Staff } from './staff.entity';

export const SHIFT_STATES = ['on_duty', 'on_leave'] as const;
export type ShiftState = (typeof SHIFT_STATES)[number];

/**
 * An entry of a staff member's calendar (排班): a shift on duty or a period of leave. Cancelled
 * entries are kept, with who cancelled them, so the calendar's history is never lost.
 */
@Entity('staff_shifts')
@Index('staff_shifts_staff_id_starts_at_idx', ['staffId', 'startsAt'])
@Check('staff_shifts_state_check', `"state" IN ('on_duty', 'on_leave')`)
@Check('staff_shifts_period_check', `"ends_at" > "starts_at"`)
export class StaffShift {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'staff_shifts_pkey' })
  id!: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 64 })
  staffId!: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_shifts_staff_id_fkey' })
  staff?: Staff;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 10 })
  state!: ShiftState;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'cancelled_by', type: 'varchar', length: 64, nullable: true })
  cancelledBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
