import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('feeders')
export class Feeder {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'feeders_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
