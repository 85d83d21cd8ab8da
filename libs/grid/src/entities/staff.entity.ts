import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Grid service staff (网格员). Sign-in lives in identity's users table. */
@Entity('staff')
export class Staff {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'staff_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
