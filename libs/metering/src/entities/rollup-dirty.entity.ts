import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Invalidation log: each ingest transaction appends the (hour, meter block) cells it touched; the
 * rollup refresher consumes them. Append-only so a refresher never deletes a mark it has not seen.
 */
@Entity('rollup_dirty')
export class RollupDirty {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'rollup_dirty_pkey' })
  id!: string;

  @Column({ type: 'timestamptz' })
  hour!: Date;

  /** meter_num / 1024: bounds the recompute to the meters a batch touched. */
  @Column({ name: 'meter_block', type: 'integer' })
  meterBlock!: number;
}
