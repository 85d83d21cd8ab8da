import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far a consumer has durably processed its input: an event id, or a receive time in epoch ms. */
@Entity('consumer_cursors')
export class ConsumerCursor {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'consumer_cursors_pkey' })
  consumer!: string;

  @Column({ type: 'bigint' })
  position!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
