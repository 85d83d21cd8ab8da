import { Pool } from 'pg';
import type { TopologyBody } from '@gridcell/contracts';
import { detectEngine } from '@gridcell/database';
import { PasswordHasher } from '@gridcell/identity';
import { countyTerritory, uniqueName } from '@gridcell/testing';
import { TopologyImporter, TopologyRejected } from './topology.importer';

/** A county: 500k meters and their customers, 5,000 transformer areas. */
const COUNTY_METERS = 500_000;

describe('territory import (real database)', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const hasher = new PasswordHasher();
  const ns = uniqueName('imp');
  let importer: TopologyImporter;
  let county: Required<TopologyBody>;
  const count = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ n: number }>(sql, params)).rows[0].n;
  const meterSequence = async () =>
    (await pool.query<{ v: string }>(`SELECT last_value::text AS v FROM meters_num_seq`)).rows[0].v;

  beforeAll(async () => {
    const engine = await detectEngine(pool);
    importer = new TopologyImporter(pool, engine, hasher);
    county = countyTerritory(ns, COUNTY_METERS);
  });
  // The run's database is shared with the other suites: leave no county behind.
  afterAll(async () => {
    const like = [`${ns}-%`];
    await pool.query(`DELETE FROM users WHERE staff_id LIKE $1 OR customer_id LIKE $1`, like);
    for (const table of ['staff', 'meters', 'customers', 'gateways', 'transformers', 'cells', 'feeders'])
      await pool.query(`DELETE FROM ${table} WHERE id LIKE $1`, like);
    await pool.end();
  });

  it('imports a county in one call, with its foreign keys in force afterwards', async () => {
    const result = await importer.apply(county);
    expect(result).toMatchObject({
      meters: county.meters.length,
      customers: county.customers.length,
      changed: {
        meters: county.meters.length,
        customers: county.customers.length,
        staff: county.staff.length,
      },
      accountsCreated: 0,
    });
    expect(await count(`SELECT count(*)::int AS n FROM meters WHERE id LIKE $1`, [`${ns}-%`])).toBe(
      county.meters.length,
    );
    const m = await pool.query(
      `SELECT m.transformer_id, m.gateway_id, m.customer_id, m.phases, m.last_gasp, t.cell_id
       FROM meters m JOIN transformers t ON t.id = m.transformer_id WHERE m.id = $1`,
      [`${ns}-M150`],
    );
    expect(m.rows).toEqual([
      {
        transformer_id: `${ns}-T1`,
        gateway_id: `${ns}-G1`,
        customer_id: `${ns}-K150`,
        phases: 3,
        last_gasp: false,
        cell_id: `${ns}-C0`,
      },
    ]);
    expect(
      (
        await pool.query<{ conname: string }>(
          `SELECT conname FROM pg_constraint WHERE conrelid = 'meters'::regclass AND contype = 'f' ORDER BY conname`,
        )
      ).rows.map((r) => r.conname),
    ).toEqual(['meters_customer_id_fkey', 'meters_gateway_id_fkey', 'meters_transformer_id_fkey']);
    await expect(
      pool.query(`UPDATE meters SET transformer_id = 'nowhere' WHERE id = $1`, [`${ns}-M1`]),
    ).rejects.toThrow(/meters_transformer_id_fkey/);
  });

  it('writes nothing and draws no meter numbers when the same territory comes again', async () => {
    const before = await meterSequence();
    const result = await importer.apply(county);
    expect(result.changed).toEqual({
      feeders: 0,
      cells: 0,
      transformers: 0,
      gateways: 0,
      customers: 0,
      meters: 0,
      staff: 0,
    });
    expect(await meterSequence()).toBe(before);
  });

  it('updates exactly what changed', async () => {
    const moved = { ...county.meters[5], transformerId: `${ns}-T3`, gatewayId: `${ns}-G3` };
    const renamed = { ...county.customers[7], name: 'Renamed 7' };
    const result = await importer.apply({ meters: [moved], customers: [renamed] });
    expect(result.changed).toMatchObject({ meters: 1, customers: 1 });
    const row = await pool.query(`SELECT transformer_id FROM meters WHERE id = $1`, [moved.id]);
    expect(row.rows).toEqual([{ transformer_id: `${ns}-T3` }]);
  });

  it('applies nothing when one item at the end is wrong, and names it', async () => {
    const meters = [
      ...county.meters.slice(0, 1000).map((m) => ({ ...m, lastGasp: !m.lastGasp })),
      { id: `${ns}-M-new`, transformerId: `${ns}-NOWHERE` },
    ];
    const refused = importer.apply({ feeders: [{ id: `${ns}-F-new`, name: 'New line' }], meters });
    await expect(refused).rejects.toThrow(TopologyRejected);
    await expect(refused).rejects.toMatchObject({
      errors: [`meters[1000].transformerId: unknown transformer "${ns}-NOWHERE"`],
    });
    expect(await count(`SELECT count(*)::int AS n FROM feeders WHERE id = $1`, [`${ns}-F-new`])).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM meters WHERE id = $1 AND last_gasp = $2`, [
        county.meters[1].id,
        county.meters[1].lastGasp,
      ]),
    ).toBe(1);
  });

  it('sets initial passwords only: a re-import never resets one', async () => {
    const customer = { ...county.customers[0], password: 'initial-password' };
    const staff = { ...county.staff[0], username: `${ns}-s0`, password: 'initial-password' };
    expect((await importer.apply({ customers: [customer], staff: [staff] })).accountsCreated).toBe(2);
    const hashes = async () =>
      (
        await pool.query<{ username: string; password_hash: string }>(
          `SELECT username, password_hash FROM users WHERE customer_id = $1 OR staff_id = $2 ORDER BY username`,
          [customer.id, staff.id],
        )
      ).rows;
    const first = await hashes();
    expect(await hasher.verify(first[0].password_hash, 'initial-password')).toBe(true);

    const again = await importer.apply({
      customers: [{ ...customer, password: 'another-password' }],
      staff: [{ ...staff, username: `${ns}-s0-new`, password: 'another-password' }],
    });
    expect(again.accountsCreated).toBe(0);
    const second = await hashes();
    expect(second.map((r) => r.password_hash)).toEqual(first.map((r) => r.password_hash));
    expect(second.map((r) => r.username).sort()).toEqual([customer.id, `${ns}-s0-new`].sort());
  });

  it('refuses two imports that would give one cell two primaries, even when they race', async () => {
    const cell = { id: `${ns}-Crace`, name: 'Race' };
    const primary = (staffId: string) => ({
      cells: [cell],
      staff: [{ id: staffId, name: staffId, cells: [{ cellId: cell.id, role: 'primary' as const }] }],
    });
    const results = await Promise.allSettled([
      importer.apply(primary(`${ns}-Sa`)),
      importer.apply(primary(`${ns}-Sb`)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(TopologyRejected);
  });
});
