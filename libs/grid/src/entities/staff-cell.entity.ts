import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cell } from './cell.entity';
import { Staff } from './staff.entity';

export type CellRole = 'primary' | 'backup';

/** A staff member's post in a cell: the A (primary) or B (backup) post. */
@Entity('staff_cells')
@Check('staff_cells_role_check', `"role" IN ('primary', 'backup')`)
@Index('staff_cells_one_primary_key', ['cellId'], { unique: true, where: `"role" = 'primary'` })
export class StaffCell {
  @PrimaryColumn({
    name: 'staff_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'staff_cells_pkey',
  })
  staffId!: string;

  @Index('staff_cells_cell_id_idx')
  @PrimaryColumn({
    name: 'cell_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'staff_cells_pkey',
  })
  cellId!: string;

  @Column({ type: 'varchar', length: 8 })
  role!: CellRole;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_cells_staff_id_fkey' })
  staff?: Staff;

  @ManyToOne(() => Cell, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cell_id', foreignKeyConstraintName: 'staff_cells_cell_id_fkey' })
  cell?: Cell;
}
