import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { WorkOrderStatus, WorkOrderType } from '@gridcell/contracts';

/** A tracked piece of work with an owner and a clock. */
@Entity('work_orders')
@Index('work_orders_status_idx', ['status'])
@Index('work_orders_assignee_id_idx', ['assigneeId'])
@Index('work_orders_cell_id_idx', ['cellId'])
@Index('work_orders_customer_id_idx', ['customerId'])
@Index('work_orders_incident_id_key', ['incidentId'], { unique: true, where: '"incident_id" IS NOT NULL' })
@Check(
  'work_orders_type_check',
  `"type" IN ('outage_repair', 'voltage_quality', 'meter_fault', 'communication_fault', 'connection_request', 'billing_inquiry', 'complaint', 'scheduled_inspection')`,
)
@Check(
  'work_orders_status_check',
  `"status" IN ('created', 'assigned', 'accepted', 'en_route', 'on_site', 'resolved', 'feedback_given', 'closed', 'cancelled')`,
)
@Check('work_orders_queue_check', `"queue" IN ('staff', 'dispatcher')`)
@Check('work_orders_rating_check', `"rating" BETWEEN 1 AND 5`)
export class WorkOrder {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'work_orders_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 24 })
  type!: WorkOrderType;

  @Column({ type: 'varchar', length: 16 })
  status!: WorkOrderStatus;

  @Column({ type: 'smallint' })
  priority!: number;

  @Column({ name: 'priority_reason', type: 'text' })
  priorityReason!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'cell_id', type: 'varchar', length: 64, nullable: true })
  cellId!: string | null;

  @ManyToOne('Cell', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'cell_id', foreignKeyConstraintName: 'work_orders_cell_id_fkey' })
  cell?: object;

  @Column({ name: 'area_class', type: 'varchar', length: 8 })
  areaClass!: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @ManyToOne('Incident', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'work_orders_incident_id_fkey' })
  incident?: object;

  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  @ManyToOne('Customer', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'work_orders_customer_id_fkey' })
  customer?: object;

  @Column({ name: 'meter_id', type: 'varchar', length: 64, nullable: true })
  meterId!: string | null;

  @ManyToOne('Meter', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'meter_id', foreignKeyConstraintName: 'work_orders_meter_id_fkey' })
  meter?: object;

  @Column({ type: 'varchar', length: 12 })
  queue!: 'staff' | 'dispatcher';

  @Column({ name: 'assignee_id', type: 'varchar', length: 64, nullable: true })
  assigneeId!: string | null;

  @ManyToOne('Staff', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'work_orders_assignee_id_fkey' })
  assignee?: object;

  @Column({ name: 'assignment_reason', type: 'text', nullable: true })
  assignmentReason!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'respond_due_at', type: 'timestamptz' })
  respondDueAt!: Date;

  @Column({ name: 'resolve_due_at', type: 'timestamptz', nullable: true })
  resolveDueAt!: Date | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The incident's updated_at when this order last took it in. */
  @Column({ name: 'incident_synced_at', type: 'timestamptz', nullable: true })
  incidentSyncedAt!: Date | null;

  /** Power back, as the incident's meters showed it. */
  @Column({ name: 'power_restored_at', type: 'timestamptz', nullable: true })
  powerRestoredAt!: Date | null;

  @Column({ name: 'at_risk_at', type: 'timestamptz', nullable: true })
  atRiskAt!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  diagnosis!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  @Column({ name: 'rating_comment', type: 'text', nullable: true })
  ratingComment!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
