import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { METER_EVENT_TYPES } from '@gridcell/contracts';

export type MeterEventType = (typeof METER_EVENT_TYPES)[number];

@Entity('meter_events')
@Check('meter_events_phase_check', `"phase" IN ('A', 'B', 'C')`)
export class MeterEvent {
  @PrimaryColumn({ name: 'meter_num', type: 'integer', primaryKeyConstraintName: 'meter_events_pkey' })
  meterNum!: number;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'meter_events_pkey' })
  ts!: Date;

  @PrimaryColumn({ type: 'varchar', length: 24, primaryKeyConstraintName: 'meter_events_pkey' })
  type!: MeterEventType;

  @Column({ type: 'char', length: 1, nullable: true })
  phase!: 'A' | 'B' | 'C' | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
