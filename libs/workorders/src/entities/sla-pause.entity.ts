import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WorkOrder } from './work-order.entity';
import type { PauseReason } from '@gridcell/contracts';

/** A request to stop a work order's clock (停止计时), its supervisor's decision, and its end. */
@Entity('sla_pauses')
@Index('sla_pauses_work_order_id_idx', ['workOrderId'])
@Check(
  'sla_pauses_reason_check',
  `"reason" IN ('customer_absent', 'awaiting_materials', 'weather', 'access_blocked', 'customer_request', 'third_party')`,
)
export class SlaPause {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'sla_pauses_pkey' })
  id!: string;

  @Column({ name: 'work_order_id', type: 'uuid' })
  workOrderId!: string;

  @ManyToOne(() => WorkOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'work_order_id', foreignKeyConstraintName: 'sla_pauses_work_order_id_fkey' })
  workOrder?: WorkOrder;

  @Column({ type: 'varchar', length: 24 })
  reason!: PauseReason;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** Null while undecided. */
  @Column({ type: 'boolean', nullable: true })
  approved!: boolean | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  /** The clock stops from here (approval), not from the request. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 64, nullable: true })
  endedBy!: string | null;
}
