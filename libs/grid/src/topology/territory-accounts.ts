import type { PoolClient } from 'pg';
import type { TopologyBody } from '@gridcell/contracts';
import type { ExistingAccounts } from './existing-territory.query';

export interface NewAccount {
  username: string;
  password: string;
  role: 'staff' | 'customer';
  staffId: string | null;
  customerId: string | null;
}

export interface AccountPlan {
  create: NewAccount[];
  /** Staff whose username the import changes; their password stays. */
  rename: { staffId: string; username: string }[];
}

/**
 * Which sign-ins an import creates. A password in an import is an initial one: it creates the
 * account of a staff member or customer who has none, and never overwrites a password someone
 * already has (they may have changed it). Administrators reset passwords through the users API.
 */
export function planAccounts(t: TopologyBody, existing: ExistingAccounts): AccountPlan {
  const plan: AccountPlan = { create: [], rename: [] };
  for (const c of t.customers ?? []) {
    if (c.password && !existing.customers.has(c.id))
      plan.create.push({
        username: c.id,
        password: c.password,
        role: 'customer',
        staffId: null,
        customerId: c.id,
      });
  }
  for (const s of t.staff ?? []) {
    if (!s.username || !s.password) continue;
    const current = existing.staff.get(s.id);
    if (current === undefined)
      plan.create.push({
        username: s.username,
        password: s.password,
        role: 'staff',
        staffId: s.id,
        customerId: null,
      });
    else if (current !== s.username) plan.rename.push({ staffId: s.id, username: s.username });
  }
  return plan;
}

export async function writeAccounts(db: PoolClient, plan: AccountPlan, hashes: string[]): Promise<void> {
  if (plan.rename.length) {
    // Two steps, so that two staff members may swap usernames within one import.
    const ids = plan.rename.map((r) => r.staffId);
    await db.query(`UPDATE users SET username = 'renaming:' || id WHERE staff_id = ANY($1::text[])`, [ids]);
    await db.query(
      `UPDATE users u SET username = r.username FROM unnest($1::text[], $2::text[]) AS r(staff_id, username)
       WHERE u.staff_id = r.staff_id`,
      [ids, plan.rename.map((r) => r.username)],
    );
  }
  if (!plan.create.length) return;
  await db.query(
    `INSERT INTO users (username, password_hash, role, staff_id, customer_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      plan.create.map((a) => a.username),
      hashes,
      plan.create.map((a) => a.role),
      plan.create.map((a) => a.staffId),
      plan.create.map((a) => a.customerId),
    ],
  );
}
