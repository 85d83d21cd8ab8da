import type { PoolClient } from 'pg';
import type { TopologyBody } from '@gridcell/contracts';
import { referencedIds, type ExistingTerritory } from './topology.validator';

/** Existing accounts of the import's staff and customers, by owner. */
export interface ExistingAccounts {
  /** staffId → username */
  staff: Map<string, string>;
  customers: Set<string>;
}

/** Looks up what an import refers to but does not define: only those ids are queried. */
export async function existingTerritory(db: PoolClient, t: TopologyBody): Promise<ExistingTerritory> {
  const refs = referencedIds(t);
  const ids = async (table: string, wanted: string[]) =>
    new Set(
      wanted.length
        ? (
            await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [wanted])
          ).rows.map((r) => r.id)
        : [],
    );
  // Every cell a post names, imported or not: its primary may be someone outside the import.
  const postCells = [...new Set((t.staff ?? []).flatMap((s) => (s.cells ?? []).map((c) => c.cellId)))];
  const primaries = postCells.length
    ? (
        await db.query<{ cell_id: string; staff_id: string }>(
          `SELECT cell_id, staff_id FROM staff_cells WHERE role = 'primary' AND cell_id = ANY($1::text[])`,
          [postCells],
        )
      ).rows
    : [];
  const names = [
    ...(t.staff ?? []).flatMap((s) => (s.username ? [s.username] : [])),
    ...(t.customers ?? []).flatMap((c) => (c.password ? [c.id] : [])),
  ];
  const accounts = names.length
    ? (
        await db.query<{
          username: string;
          role: string;
          staff_id: string | null;
          customer_id: string | null;
        }>(`SELECT username, role, staff_id, customer_id FROM users WHERE username = ANY($1::text[])`, [
          names,
        ])
      ).rows
    : [];
  return {
    feeders: await ids('feeders', refs.feeders),
    cells: await ids('cells', refs.cells),
    transformers: await ids('transformers', refs.transformers),
    gateways: await ids('gateways', refs.gateways),
    customers: await ids('customers', refs.customers),
    primaries: new Map(primaries.map((p) => [p.cell_id, p.staff_id])),
    usernames: new Map(
      accounts.map((a) => [
        a.username,
        a.staff_id ? `staff:${a.staff_id}` : a.customer_id ? `customer:${a.customer_id}` : a.role,
      ]),
    ),
  };
}

/** The accounts the import's staff and customers already have; their passwords are theirs to keep. */
export async function existingAccounts(db: PoolClient, t: TopologyBody): Promise<ExistingAccounts> {
  const staffIds = (t.staff ?? []).flatMap((s) => (s.username ? [s.id] : []));
  const customerIds = (t.customers ?? []).flatMap((c) => (c.password ? [c.id] : []));
  const rows =
    staffIds.length || customerIds.length
      ? (
          await db.query<{ username: string; staff_id: string | null; customer_id: string | null }>(
            `SELECT username, staff_id, customer_id FROM users
             WHERE staff_id = ANY($1::text[]) OR customer_id = ANY($2::text[])`,
            [staffIds, customerIds],
          )
        ).rows
      : [];
  return {
    staff: new Map(rows.flatMap((r) => (r.staff_id ? [[r.staff_id, r.username] as const] : []))),
    customers: new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : []))),
  };
}
