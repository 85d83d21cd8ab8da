import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Transformer } from './transformer.entity';

/** A data concentrator (集中器) collecting a transformer area's meters. */
@Entity('gateways')
export class Gateway {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'gateways_pkey' })
  id!: string;

  @Index('gateways_transformer_id_idx')
  @Column({ name: 'transformer_id', type: 'varchar', length: 64, nullable: true })
  transformerId!: string | null;

  @ManyToOne(() => Transformer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'transformer_id', foreignKeyConstraintName: 'gateways_transformer_id_fkey' })
  transformer?: Transformer;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
