import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Dead-letter store (CONTRACT 1.6): what was refused, why, and what it said. */
@Entity('quarantine')
@Index('quarantine_received_at_idx', ['receivedAt'])
export class QuarantinedMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'quarantine_pkey' })
  id!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'text' })
  topic!: string;

  /** At most the first 64 KiB of what arrived. */
  @Column({ type: 'bytea' })
  payload!: Buffer;

  @Column({ name: 'payload_bytes', type: 'integer' })
  payloadBytes!: number;

  @Column({ type: 'text' })
  reason!: string;
}
