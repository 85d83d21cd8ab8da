import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@gridcell/identity';
import { neighbourCells } from './neighbour-cells.query';

/**
 * What someone may reach. Dispatchers and administrators: everything. Staff: the cells they hold a
 * post in (primary or backup) to act on, and those cells' neighbours to read. Customers: their own
 * account and meters.
 */
export type AccessScope =
  | { kind: 'all' }
  | { kind: 'cells'; staffId: string; edit: string[]; read: string[] }
  | { kind: 'customer'; customerId: string };

@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async scopeOf(who: Principal): Promise<AccessScope> {
    switch (who.role) {
      case 'administrator':
      case 'dispatcher':
        return { kind: 'all' };
      case 'customer':
        return { kind: 'customer', customerId: who.customerId ?? '' };
      case 'staff': {
        const staffId = who.staffId ?? '';
        const posts = await this.db.query<{ cell_id: string }[]>(
          'SELECT cell_id FROM staff_cells WHERE staff_id = $1 ORDER BY cell_id',
          [staffId],
        );
        const edit = posts.map((p) => p.cell_id);
        const near = await neighbourCells(this.db, edit);
        const read = [...new Set([...edit, ...near.map((n) => n.cellId)])].sort();
        return { kind: 'cells', staffId, edit, read };
      }
    }
  }

  /** Whether `who` may act on (edit) or only read a cell; not found when neither. */
  async cellAccess(who: Principal, cellId: string): Promise<'edit' | 'read'> {
    const scope = await this.scopeOf(who);
    if (scope.kind === 'all') return 'edit';
    if (scope.kind === 'cells') {
      if (scope.edit.includes(cellId)) return 'edit';
      if (scope.read.includes(cellId)) return 'read';
    }
    throw new NotFoundException(`cell "${cellId}" not found`);
  }
}

/**
 * The SQL condition of a scope over a row with a cell column and a customer column, with the
 * scope's parameters at positions first, first+1, first+2 (kind, customer id, readable cells).
 */
export function scopeSql(first: number, columns: { cell: string; customer: string }): string {
  const [kind, customer, cells] = [first, first + 1, first + 2].map((n) => `$${n}`);
  return `(${kind}::text = 'all' OR (${kind} = 'customer' AND ${columns.customer} = ${customer}::text)
    OR (${kind} = 'cells' AND ${columns.cell} = ANY(${cells}::text[])))`;
}

/** The parameter values for {@link scopeSql}, in order: kind, customer id, readable cells. */
export function scopeValues(scope: AccessScope): unknown[] {
  return [
    scope.kind,
    scope.kind === 'customer' ? scope.customerId : null,
    scope.kind === 'cells' ? scope.read : [],
  ];
}
