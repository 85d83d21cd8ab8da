import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DUTY_STATES = ['on_duty', 'off_duty', 'on_leave'] as const;
export type DutyState = (typeof DUTY_STATES)[number];

/** Grid service staff (网格员). Sign-in lives in identity's users table. */
@Entity('staff')
@Check('staff_duty_state_check', `"duty_state" IN ('on_duty', 'off_duty', 'on_leave')`)
export class Staff {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'staff_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'duty_state', type: 'varchar', length: 10, default: 'on_duty' })
  dutyState!: DutyState;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
