import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkOrder } from './work-order.entity';

/** A customer's (or a call taker's) report of a fault at a meter, and what it was joined to. */
@Entity('fault_reports')
@Index('fault_reports_meter_id_idx', ['meterId'])
@Index('fault_reports_work_order_id_idx', ['workOrderId'])
export class FaultReport {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'fault_reports_pkey' })
  id!: string;

  @Column({ name: 'meter_id', type: 'varchar', length: 64 })
  meterId!: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  @Column({ name: 'reported_by', type: 'varchar', length: 64 })
  reportedBy!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @ManyToOne(() => WorkOrder, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'work_order_id', foreignKeyConstraintName: 'fault_reports_work_order_id_fkey' })
  workOrder?: WorkOrder;

  @ManyToOne('Incident', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fault_reports_incident_id_fkey' })
  incident?: object;

  /** The incident was opened before the report came in. */
  @Column({ name: 'already_known', type: 'boolean' })
  alreadyKnown!: boolean;

  @Column({ type: 'text', nullable: true })
  diagnosis!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
