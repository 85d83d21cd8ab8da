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
import { Staff, type DutyState } from './staff.entity';

/** Every change of a staff member's duty state: who changed it, when and why. Append-only. */
@Entity('staff_duty_changes')
@Index('staff_duty_changes_staff_id_changed_at_idx', ['staffId', 'changedAt'])
@Check('staff_duty_changes_state_check', `"state" IN ('on_duty', 'off_duty', 'on_leave')`)
export class StaffDutyChange {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'staff_duty_changes_pkey',
  })
  id!: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 64 })
  staffId!: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_duty_changes_staff_id_fkey' })
  staff?: Staff;

  @Column({ type: 'varchar', length: 10 })
  state!: DutyState;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Username of whoever made the change. */
  @Column({ name: 'changed_by', type: 'varchar', length: 64 })
  changedBy!: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
