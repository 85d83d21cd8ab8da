import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Cell } from './cell.entity';
import { Feeder } from './feeder.entity';

/** A distribution transformer; the area it serves is a transformer area (台区). */
@Entity('transformers')
export class Transformer {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'transformers_pkey' })
  id!: string;

  @Index('transformers_feeder_id_idx')
  @Column({ name: 'feeder_id', type: 'varchar', length: 64 })
  feederId!: string;

  @ManyToOne(() => Feeder, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'feeder_id', foreignKeyConstraintName: 'transformers_feeder_id_fkey' })
  feeder?: Feeder;

  @Index('transformers_cell_id_idx')
  @Column({ name: 'cell_id', type: 'varchar', length: 64, nullable: true })
  cellId!: string | null;

  @ManyToOne(() => Cell, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'cell_id', foreignKeyConstraintName: 'transformers_cell_id_fkey' })
  cell?: Cell;

  @Column({ name: 'rated_kva', type: 'real', nullable: true })
  ratedKva!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
