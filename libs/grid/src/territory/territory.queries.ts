import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@gridcell/identity';
import { AccessPolicy, scopeSql, scopeValues } from '../access/access.policy';
import type { EffectiveDuty } from '../duty/duty.rules';
import { DutyService } from '../duty/duty.service';

export interface CellView {
  id: string;
  name: string;
  areaClass: string;
  /** What the caller may do here: act (their own cells; everything for dispatchers) or only read (neighbours). */
  access: 'edit' | 'read';
  boundary: object | null;
  staff: { staffId: string; name: string; role: 'primary' | 'backup'; duty: EffectiveDuty }[];
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

/** Read models of the territory for the consoles, each scoped by the {@link AccessPolicy}. */
@Injectable()
export class TerritoryQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly duty: DutyService,
  ) {}

  /** The cells the caller may see (or just `cellId`), with their A/B posts, duty in force and counts. */
  async cells(who: Principal, cellId?: string): Promise<CellView[]> {
    const scope = await this.policy.scopeOf(who);
    const rows = await this.db.query<(Omit<CellView, 'staff' | 'access'> & { staff: PostRow[] | null })[]>(
      `SELECT c.id, c.name, c.area_class AS "areaClass", c.boundary,
              (SELECT json_agg(json_build_object('staffId', s.id, 'name', s.name, 'role', sc.role) ORDER BY sc.role DESC, s.id)
               FROM staff_cells sc JOIN staff s ON s.id = sc.staff_id WHERE sc.cell_id = c.id) AS staff,
              (SELECT count(*)::int FROM transformers t WHERE t.cell_id = c.id) AS transformers,
              (SELECT count(*)::int FROM meters m JOIN transformers t ON t.id = m.transformer_id WHERE t.cell_id = c.id) AS meters,
              (SELECT count(DISTINCT m.customer_id)::int FROM meters m JOIN transformers t ON t.id = m.transformer_id WHERE t.cell_id = c.id) AS customers
       FROM cells c WHERE ($1::text IS NULL OR c.id = $1) AND ${scopeSql(2, { cell: 'c.id', customer: 'NULL' })}
       ORDER BY c.id`,
      [cellId ?? null, ...scopeValues(scope)],
    );
    if (cellId && !rows.length) throw new NotFoundException(`cell "${cellId}" not found`);
    const duty = await this.duty.effective([
      ...new Set(rows.flatMap((r) => (r.staff ?? []).map((s) => s.staffId))),
    ]);
    return rows.map((r) => ({
      ...r,
      access: scope.kind === 'cells' && !scope.edit.includes(r.id) ? 'read' : 'edit',
      staff: (r.staff ?? []).map((s) => ({ ...s, duty: duty.get(s.staffId)! })),
    }));
  }

  async transformer(who: Principal, transformerId: string): Promise<TransformerView> {
    const [t] = await this.db.query<Omit<TransformerView, 'gateways' | 'meters'>[]>(
      `SELECT id, feeder_id AS "feederId", cell_id AS "cellId", rated_kva AS "ratedKva", lat, lon FROM transformers t
       WHERE id = $1 AND ${scopeSql(2, { cell: 't.cell_id', customer: 'NULL' })}`,
      [transformerId, ...scopeValues(await this.policy.scopeOf(who))],
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

  /** A customer with their meters: for the customer themself, staff of (or beside) their cell, dispatchers and administrators. */
  async customer(who: Principal, customerId: string): Promise<CustomerView> {
    const [c] = await this.db.query<Omit<CustomerView, 'meters'>[]>(
      `SELECT c.id, c.name, c.phone, c.vulnerable FROM customers c
       WHERE c.id = $1 AND (
         ${scopeSql(2, { cell: 'NULL', customer: 'c.id' })}
         OR EXISTS (SELECT 1 FROM meters m JOIN transformers t ON t.id = m.transformer_id
                    WHERE m.customer_id = c.id AND ${scopeSql(2, { cell: 't.cell_id', customer: 'NULL' })}))`,
      [customerId, ...scopeValues(await this.policy.scopeOf(who))],
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

interface PostRow {
  staffId: string;
  name: string;
  role: 'primary' | 'backup';
}
