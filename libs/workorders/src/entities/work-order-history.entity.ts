import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { WorkOrder } from './work-order.entity';
import type { WorkOrderStatus } from '@gridcell/contracts';

/**
 * The case ledger (挂账销账): every action on a work order, who took it, when and where. Append-only:
 * a trigger refuses UPDATE and DELETE.
 */
@Entity('work_order_history')
@Index('work_order_history_work_order_id_idx', ['workOrderId', 'id'])
@Index('work_order_history_at_idx', ['at'])
export class WorkOrderHistory {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'work_order_history_pkey',
  })
  id!: string;

  @Column({ name: 'work_order_id', type: 'uuid' })
  workOrderId!: string;

  @ManyToOne(() => WorkOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'work_order_id', foreignKeyConstraintName: 'work_order_history_work_order_id_fkey' })
  workOrder?: WorkOrder;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus!: WorkOrderStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus!: WorkOrderStatus | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: object;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;
}
