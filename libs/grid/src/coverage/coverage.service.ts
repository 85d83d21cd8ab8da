import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccessScope } from '../access/access.policy';
import { DutyService } from '../duty/duty.service';

/** One kind of blank: how many, and (up to a limit) which. */
export interface Blank<T> {
  count: number;
  items: T[];
}

type CellRef = { cellId: string; name: string };

export interface CoverageReport {
  cellsWithoutPrimary: Blank<CellRef>;
  cellsWithoutBackup: Blank<CellRef>;
  /** Cells whose posts are all off duty or on leave right now (calendar and hand-made changes). */
  cellsWithoutStaffOnDuty: Blank<CellRef>;
  staffOverCeiling: Blank<{ staffId: string; name: string; customers: number }>;
  /** Territory-wide blanks outside any cell: null for staff, whose view is their own cells. */
  transformersWithoutCell: Blank<{ transformerId: string }> | null;
  metersWithoutTransformer: Blank<{ meterId: string }> | null;
  metersWithoutCustomer: Blank<{ meterId: string }>;
  gatewaysWithoutMeters: Blank<{ gatewayId: string }>;
  customersPerStaffCeiling: number;
}

const LIST_LIMIT = 1000;

/**
 * "No blank cells" (横向到边、纵向到底、不留空白): every place where the territory is not covered
 * by named people, or the topology is incomplete — for the whole territory, or for a staff
 * member's own cells.
 */
@Injectable()
export class CoverageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly duty: DutyService,
  ) {}

  async report(customersPerStaffCeiling: number, scope: AccessScope): Promise<CoverageReport> {
    const mine = scope.kind === 'cells' ? scope.edit : null;
    // $1: the cells in view (null: all of them).
    const inView = (column: string) => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;
    const cells = (where: string) =>
      this.blank<CellRef>(
        `SELECT c.id AS "cellId", c.name FROM cells c WHERE ${inView('c.id')} AND ${where} ORDER BY c.id`,
        [mine],
      );
    const territoryWide = mine === null;
    return {
      cellsWithoutPrimary: await cells(
        `NOT EXISTS (SELECT 1 FROM staff_cells sc WHERE sc.cell_id = c.id AND sc.role = 'primary')`,
      ),
      cellsWithoutBackup: await cells(
        `NOT EXISTS (SELECT 1 FROM staff_cells sc WHERE sc.cell_id = c.id AND sc.role = 'backup')`,
      ),
      cellsWithoutStaffOnDuty: await this.cellsWithoutStaffOnDuty(mine),
      staffOverCeiling: await this.blank(
        `SELECT s.id AS "staffId", s.name, count(DISTINCT m.customer_id)::int AS customers
         FROM staff s JOIN staff_cells sc ON sc.staff_id = s.id JOIN transformers t ON t.cell_id = sc.cell_id
         JOIN meters m ON m.transformer_id = t.id AND m.customer_id IS NOT NULL
         WHERE ${inView('sc.cell_id')}
         GROUP BY s.id, s.name HAVING count(DISTINCT m.customer_id) > $2 ORDER BY customers DESC, s.id`,
        [mine, customersPerStaffCeiling],
      ),
      transformersWithoutCell: territoryWide
        ? await this.blank(`SELECT id AS "transformerId" FROM transformers WHERE cell_id IS NULL ORDER BY id`)
        : null,
      metersWithoutTransformer: territoryWide
        ? await this.blank(`SELECT id AS "meterId" FROM meters WHERE transformer_id IS NULL ORDER BY id`)
        : null,
      metersWithoutCustomer: await this.blank(
        `SELECT m.id AS "meterId" FROM meters m LEFT JOIN transformers t ON t.id = m.transformer_id
         WHERE m.customer_id IS NULL AND ${inView('t.cell_id')} ORDER BY m.id`,
        [mine],
      ),
      gatewaysWithoutMeters: await this.blank(
        `SELECT g.id AS "gatewayId" FROM gateways g LEFT JOIN transformers t ON t.id = g.transformer_id
         WHERE NOT EXISTS (SELECT 1 FROM meters m WHERE m.gateway_id = g.id) AND ${inView('t.cell_id')} ORDER BY g.id`,
        [mine],
      ),
      customersPerStaffCeiling,
    };
  }

  private async cellsWithoutStaffOnDuty(mine: string[] | null): Promise<Blank<CellRef>> {
    const rows = await this.db.query<(CellRef & { staff: string[] | null })[]>(
      `SELECT c.id AS "cellId", c.name, array_agg(sc.staff_id) FILTER (WHERE sc.staff_id IS NOT NULL) AS staff
       FROM cells c LEFT JOIN staff_cells sc ON sc.cell_id = c.id
       WHERE $1::text[] IS NULL OR c.id = ANY($1::text[]) GROUP BY c.id, c.name ORDER BY c.id`,
      [mine],
    );
    const duty = await this.duty.effective([...new Set(rows.flatMap((r) => r.staff ?? []))]);
    const blank = rows
      .filter((r) => !(r.staff ?? []).some((s) => duty.get(s)?.state === 'on_duty'))
      .map(({ cellId, name }) => ({ cellId, name }));
    return { count: blank.length, items: blank.slice(0, LIST_LIMIT) };
  }

  private async blank<T>(sql: string, params: unknown[] = []): Promise<Blank<T>> {
    const rows = await this.db.query<(T & { total: number })[]>(
      `SELECT *, count(*) OVER ()::int AS total FROM (${sql}) AS blank LIMIT ${LIST_LIMIT}`,
      params,
    );
    return { count: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...item }) => item as T) };
  }
}
