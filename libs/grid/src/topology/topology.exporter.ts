import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffItem, StaffPostItem, TopologyBody } from '@gridcell/contracts';

type Item = Record<string, unknown>;

/**
 * The territory as a `PUT /api/v1/topology` body. Credentials are not exported: re-importing the
 * export leaves existing accounts as they are.
 */
@Injectable()
export class TopologyExporter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async export(): Promise<TopologyBody> {
    const q = <T>(sql: string) => this.db.query<Item[]>(sql).then((rows) => rows.map(withoutNulls) as T[]);
    const staff = await q<StaffItem>(`SELECT id, name FROM staff ORDER BY id`);
    const posts = await this.db.query<{ staff_id: string; cell_id: string; role: StaffPostItem['role'] }[]>(
      `SELECT staff_id, cell_id, role FROM staff_cells ORDER BY staff_id, role DESC, cell_id`,
    );
    const postsOf = new Map<string, StaffPostItem[]>();
    for (const p of posts) {
      const own = postsOf.get(p.staff_id) ?? [];
      own.push({ cellId: p.cell_id, role: p.role });
      postsOf.set(p.staff_id, own);
    }
    return {
      feeders: await q(`SELECT id, name FROM feeders ORDER BY id`),
      cells: await q(`SELECT id, name, area_class AS "areaClass", boundary FROM cells ORDER BY id`),
      transformers: await q(
        `SELECT id, feeder_id AS "feederId", cell_id AS "cellId", rated_kva AS "ratedKva", lat, lon FROM transformers ORDER BY id`,
      ),
      gateways: await q(`SELECT id, transformer_id AS "transformerId" FROM gateways ORDER BY id`),
      customers: await q(`SELECT id, name, phone, vulnerable FROM customers ORDER BY id`),
      meters: await q(
        `SELECT id, transformer_id AS "transformerId", gateway_id AS "gatewayId", customer_id AS "customerId", phases,
                interval_s AS "intervalS", last_gasp AS "lastGasp", lat, lon FROM meters ORDER BY id`,
      ),
      staff: staff.map((s) => ({ ...s, cells: postsOf.get(s.id) ?? [] })),
    };
  }
}

function withoutNulls(row: Item): Item {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}
