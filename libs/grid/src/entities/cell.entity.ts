import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A grid cell (网格): the unit of service and accountability. */
@Entity('cells')
export class Cell {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'cells_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Drives SLA targets: urban, rural or remote. */
  @Column({ name: 'area_class', type: 'varchar', length: 8, default: 'rural' })
  areaClass!: string;

  @Column({ type: 'jsonb', nullable: true })
  boundary!: object | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
