import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** One kind of blank: how many, and (up to a limit) which. */
export interface Blank<T> {
  count: number;
  items: T[];
}

export interface CoverageReport {
  cellsWithoutPrimary: Blank<{ cellId: string; name: string }>;
  cellsWithoutBackup: Blank<{ cellId: string; name: string }>;
  /** Cells whose posts are all off duty or on leave right now. */
  cellsWithoutStaffOnDuty: Blank<{ cellId: string; name: string }>;
  staffOverCeiling: Blank<{ staffId: string; name: string; customers: number }>;
  transformersWithoutCell: Blank<{ transformerId: string }>;
  metersWithoutTransformer: Blank<{ meterId: string }>;
  metersWithoutCustomer: Blank<{ meterId: string }>;
  gatewaysWithoutMeters: Blank<{ gatewayId: string }>;
  customersPerStaffCeiling: number;
}

const LIST_LIMIT = 1000;

/**
 * "No blank cells" (横向到边、纵向到底、不留空白): every place where the territory is not covered
 * by named people, or the topology is incomplete.
 */
@Injectable()
export class CoverageService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(customersPerStaffCeiling: number): Promise<CoverageReport> {
    const cells = (where: string) =>
      this.blank<{ cellId: string; name: string }>(
        `SELECT c.id AS "cellId", c.name FROM cells c WHERE ${where} ORDER BY c.id`,
      );
    return {
      cellsWithoutPrimary: await cells(
        `NOT EXISTS (SELECT 1 FROM staff_cells sc WHERE sc.cell_id = c.id AND sc.role = 'primary')`,
      ),
      cellsWithoutBackup: await cells(
        `NOT EXISTS (SELECT 1 FROM staff_cells sc WHERE sc.cell_id = c.id AND sc.role = 'backup')`,
      ),
      cellsWithoutStaffOnDuty: await cells(
        `NOT EXISTS (SELECT 1 FROM staff_cells sc JOIN staff s ON s.id = sc.staff_id WHERE sc.cell_id = c.id AND s.duty_state = 'on_duty')`,
      ),
      staffOverCeiling: await this.blank(
        `SELECT s.id AS "staffId", s.name, count(DISTINCT m.customer_id)::int AS customers
         FROM staff s JOIN staff_cells sc ON sc.staff_id = s.id JOIN transformers t ON t.cell_id = sc.cell_id
         JOIN meters m ON m.transformer_id = t.id AND m.customer_id IS NOT NULL
         GROUP BY s.id, s.name HAVING count(DISTINCT m.customer_id) > $1 ORDER BY customers DESC, s.id`,
        [customersPerStaffCeiling],
      ),
      transformersWithoutCell: await this.blank(
        `SELECT id AS "transformerId" FROM transformers WHERE cell_id IS NULL ORDER BY id`,
      ),
      metersWithoutTransformer: await this.blank(
        `SELECT id AS "meterId" FROM meters WHERE transformer_id IS NULL ORDER BY id`,
      ),
      metersWithoutCustomer: await this.blank(
        `SELECT id AS "meterId" FROM meters WHERE customer_id IS NULL ORDER BY id`,
      ),
      gatewaysWithoutMeters: await this.blank(
        `SELECT g.id AS "gatewayId" FROM gateways g WHERE NOT EXISTS (SELECT 1 FROM meters m WHERE m.gateway_id = g.id) ORDER BY g.id`,
      ),
      customersPerStaffCeiling,
    };
  }

  private async blank<T>(sql: string, params: unknown[] = []): Promise<Blank<T>> {
    const rows = await this.db.query<(T & { total: number })[]>(
      `SELECT *, count(*) OVER ()::int AS total FROM (${sql}) AS blank LIMIT ${LIST_LIMIT}`,
      params,
    );
    return { count: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...item }) => item as T) };
  }
}
