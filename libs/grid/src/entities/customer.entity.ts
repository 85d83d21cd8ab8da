import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('customers')
export class Customer {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'customers_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  /** Elderly living alone, disabled, medical equipment at home: raises work priority. */
  @Column({ type: 'boolean', default: false })
  vulnerable!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
