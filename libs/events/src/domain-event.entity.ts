import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox of domain events (CONTRACT 3): appended in the transaction that made the change, in
 * commit order, each with who may see it. The live channel and the work-order service read it; a
 * reconnecting client is replayed from it.
 */
@Entity('domain_events')
@Index('domain_events_created_at_idx', ['createdAt'])
export class DomainEventRow {
  @PrimaryGeneratedColumn('increment', {
    name: 'event_id',
    type: 'bigint',
    primaryKeyConstraintName: 'domain_events_pkey',
  })
  eventId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: object;

  /** Cells the event concerns: their staff receive it. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cells!: string[];

  /** Customers the event concerns: they receive it. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  customers!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
