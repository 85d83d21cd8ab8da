import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A message to one person (a customer or a staff member), and the channels that carried it. */
@Entity('notifications')
@Index('notifications_customer_id_idx', ['customerId', 'createdAt'])
@Index('notifications_staff_id_idx', ['staffId', 'createdAt'])
export class Notification {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'notifications_pkey' })
  id!: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  // Named by string: notifications must not import the grid lib's entities.
  @ManyToOne('Customer', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'notifications_customer_id_fkey' })
  customer?: object;

  @Column({ name: 'staff_id', type: 'varchar', length: 64, nullable: true })
  staffId!: string | null;

  @ManyToOne('Staff', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'notifications_staff_id_fkey' })
  staff?: object;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  channels!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
