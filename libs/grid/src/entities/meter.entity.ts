import {
  Column,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Customer } from './customer.entity';
import { Gateway } from './gateway.entity';
import { Transformer } from './transformer.entity';

@Entity('meters')
@Index('meters_num_key', ['num'], { unique: true })
export class Meter {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'meters_pkey' })
  id!: string;

  /** Compact surrogate key used by the time-series tables (4 bytes per row instead of the id). */
  @Column({ type: 'integer' })
  @Generated('increment')
  num!: number;

  @Index('meters_transformer_id_idx')
  @Column({ name: 'transformer_id', type: 'varchar', length: 64, nullable: true })
  transformerId!: string | null;

  @ManyToOne(() => Transformer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'transformer_id', foreignKeyConstraintName: 'meters_transformer_id_fkey' })
  transformer?: Transformer;

  @Index('meters_gateway_id_idx')
  @Column({ name: 'gateway_id', type: 'varchar', length: 64, nullable: true })
  gatewayId!: string | null;

  @ManyToOne(() => Gateway, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'gateway_id', foreignKeyConstraintName: 'meters_gateway_id_fkey' })
  gateway?: Gateway;

  @Index('meters_customer_id_idx')
  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  @ManyToOne(() => Customer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'meters_customer_id_fkey' })
  customer?: Customer;

  @Column({ type: 'smallint', default: 1 })
  phases!: number;

  /** Reading cadence in seconds: silence longer than this is evidence. */
  @Column({ name: 'interval_s', type: 'integer', default: 900 })
  intervalS!: number;

  @Column({ name: 'last_gasp', type: 'boolean', default: true })
  lastGasp!: boolean;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
