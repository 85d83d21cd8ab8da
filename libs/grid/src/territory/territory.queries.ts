import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@gridcell/identity';
import type { DutyState } from '../entities/staff.entity';

export interface CellView {
  id: string;
  name: string;
  areaClass: string;
  staff: { staffId: string; name: string; role: 'primary' | 'backup'; dutyState: DutyState }[];
  transformers: number;
  meters: number;
  customers: number;
}

export interface TransformerView {
  id: string;
  feederId: string;
  cellId: string | null;
  ratedKva: number | null;
  lat: number | null;
  lon: number | null;
  gateways: string[];
  /** Each meter with its latest reading: the area's live state as the meters last reported it. */
  meters: {
    id: string;
    customerId: string | null;
    phases: number;
    lastReadingAt: string | null;
    lastEnergyKwh: number | null;
    lastVoltageV: number | null;
  }[];
}

export interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  vulnerable: boolean;
  meters: { id: string; transformerId: string | null; cellId: string | null }[];
}

/** Read models of the territory for the consoles. */
@Injectable()
export class TerritoryQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async cells(cellId?: string): Promise<CellView[]> {
    const rows = await this.db.query<(Omit<CellView, 'staff'> & { staff: CellView['staff'] | null })[]>(
      `SELECT c.id, c.name, c.area_class AS "areaClass",
              (SELECT json_agg(json_build_object('staffId', s.id, 'name', s.name, 'role', sc.role, 'dutyState', s.duty_state)
                               ORDER BY sc.role DESC, s.id)
               FROM staff_cells sc JOIN staff s ON s.id = sc.staff_id WHERE sc.cell_id = c.id) AS staff,
              (SELECT count(*)::int FROM transformers t WHERE t.cell_id = c.id) AS transformers,
              (SELECT count(*)::int FROM meters m JOIN transformers t ON t.id = m.transformer_id WHERE t.cell_id = c.id) AS meters,
              (SELECT count(DISTINCT m.customer_id)::int FROM meters m JOIN transformers t ON t.id = m.transformer_id WHERE t.cell_id = c.id) AS customers
       FROM cells c WHERE $1::text IS NULL OR c.id = $1 ORDER BY c.id`,
      [cellId ?? null],
    );
    if (cellId && !rows.length) throw new NotFoundException(`cell "${cellId}" not found`);
    return rows.map((r) => ({ ...r, staff: r.staff ?? [] }));
  }

  async transformer(transformerId: string): Promise<TransformerView> {
    const [t] = await this.db.query<Omit<TransformerView, 'gateways' | 'meters'>[]>(
      `SELECT id, feeder_id AS "feederId", cell_id AS "cellId", rated_kva AS "ratedKva", lat, lon FROM transformers WHERE id = $1`,
      [transformerId],
    );
    if (!t) throw new NotFoundException(`transformer "${transformerId}" not found`);
    const gateways = await this.db.query<{ id: string }[]>(
      'SELECT id FROM gateways WHERE transformer_id = $1 ORDER BY id',
      [transformerId],
    );
    const meters = await this.db.query<
      (TransformerView['meters'][number] & { lastReadingAt: Date | null })[]
    >(
      `SELECT m.id, m.customer_id AS "customerId", m.phases, r.ts AS "lastReadingAt", r.energy_kwh AS "lastEnergyKwh", r.voltage_a AS "lastVoltageV"
       FROM meters m
       LEFT JOIN LATERAL (SELECT ts, energy_kwh, voltage_a FROM readings WHERE meter_num = m.num ORDER BY ts DESC LIMIT 1) r ON true
       WHERE m.transformer_id = $1 ORDER BY m.id`,
      [transformerId],
    );
    return {
      ...t,
      gateways: gateways.map((g) => g.id),
      meters: meters.map((m) => ({ ...m, lastReadingAt: m.lastReadingAt?.toISOString() ?? null })),
    };
  }

  /** A customer with their meters, for the customer themself, their cells' staff, dispatchers and administrators. */
  async customer(who: Principal, customerId: string): Promise<CustomerView> {
    const [c] = await this.db.query<Omit<CustomerView, 'meters'>[]>(
      `SELECT c.id, c.name, c.phone, c.vulnerable FROM customers c
       WHERE c.id = $1 AND (
         $2 IN ('administrator', 'dispatcher')
         OR ($2 = 'customer' AND c.id = $3)
         OR ($2 = 'staff' AND EXISTS (
           SELECT 1 FROM meters m JOIN transformers t ON t.id = m.transformer_id
           JOIN staff_cells sc ON sc.cell_id = t.cell_id WHERE m.customer_id = c.id AND sc.staff_id = $4)))`,
      [customerId, who.role, who.customerId, who.staffId],
    );
    if (!c) throw new NotFoundException(`customer "${customerId}" not found`);
    const meters = await this.db.query<CustomerView['meters']>(
      `SELECT m.id, m.transformer_id AS "transformerId", t.cell_id AS "cellId"
       FROM meters m LEFT JOIN transformers t ON t.id = m.transformer_id WHERE m.customer_id = $1 ORDER BY m.id`,
      [customerId],
    );
    return { ...c, meters };
  }
}
