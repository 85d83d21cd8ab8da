import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const ROLES = ['administrator', 'dispatcher', 'staff', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Anyone who signs in. Staff and customers link to their domain record. */
@Entity('users')
@Index('users_username_key', ['username'], { unique: true })
@Check('users_role_check', `"role" IN ('administrator', 'dispatcher', 'staff', 'customer')`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Index('users_staff_id_idx')
  @Column({ name: 'staff_id', type: 'varchar', length: 64, nullable: true })
  staffId!: string | null;

  // Named by string: identity must not import the grid lib, which builds on identity.
  @ManyToOne('Staff', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'users_staff_id_fkey' })
  staff?: object;

  @Index('users_customer_id_idx')
  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  @ManyToOne('Customer', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'users_customer_id_fkey' })
  customer?: object;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
