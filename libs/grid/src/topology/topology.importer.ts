import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { TopologyBody, TopologyCounts } from '@gridcell/contracts';
import { DATABASE_ENGINE, inTransaction, type DatabaseEngine } from '@gridcell/database';
import { PasswordHasher } from '@gridcell/identity';
import { existingAccounts, existingTerritory } from './existing-territory.query';
import { planAccounts, writeAccounts } from './territory-accounts';
import { stagedUpsert, type UpsertTable } from './staged-upsert';
import { CELLS, CUSTOMERS, FEEDERS, GATEWAYS, METERS, STAFF, TRANSFORMERS } from './topology.columns';
import { capped } from './topology.parser';
import { validateTopology } from './topology.validator';

/** Serialises imports: each validates against what the previous one committed. */
const IMPORT_LOCK = 0x7090_1060;

export interface TopologyImportResult extends TopologyCounts {
  /** Items per collection that were new or differed from what was stored; the rest were left untouched. */
  changed: TopologyCounts;
  /** Sign-ins created for staff and customers who had none. */
  accountsCreated: number;
}

/** A refused import: every problem with its path, nothing applied. */
export class TopologyRejected extends BadRequestException {
  constructor(readonly errors: string[]) {
    super({ statusCode: 400, error: 'Bad Request', message: errors });
  }
}

/**
 * Applies a territory import atomically: validated as a whole against itself and the database,
 * then upserted in one transaction, or refused with every error and nothing applied.
 */
@Injectable()
export class TopologyImporter {
  constructor(
    private readonly pool: Pool,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngine,
    private readonly hasher: PasswordHasher,
  ) {}

  apply(t: TopologyBody): Promise<TopologyImportResult> {
    return inTransaction(this.pool, async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const errors = validateTopology(t, await existingTerritory(m, t));
      if (errors.length) throw new TopologyRejected(capped(errors));
      const accounts = planAccounts(t, await existingAccounts(m, t));
      // argon2 runs on the thread pool while the database takes the upserts.
      const hashing = this.hasher.hashMany(accounts.create.map((a) => a.password));
      hashing.catch(() => undefined);
      const upsert = <T>(table: UpsertTable<T>, rows: T[] = []) =>
        stagedUpsert(m, table, rows, this.engine.copy);
      const changed: TopologyCounts = {
        feeders: await upsert(FEEDERS, t.feeders),
        cells: await upsert(CELLS, t.cells),
        transformers: await upsert(TRANSFORMERS, t.transformers),
        gateways: await upsert(GATEWAYS, t.gateways),
        customers: await upsert(CUSTOMERS, t.customers),
        meters: await upsert(METERS, t.meters),
        staff: await upsert(STAFF, t.staff),
      };
      await replacePosts(m, t);
      await writeAccounts(m, accounts, await hashing);
      return {
        feeders: t.feeders?.length ?? 0,
        cells: t.cells?.length ?? 0,
        transformers: t.transformers?.length ?? 0,
        gateways: t.gateways?.length ?? 0,
        customers: t.customers?.length ?? 0,
        meters: t.meters?.length ?? 0,
        staff: t.staff?.length ?? 0,
        changed,
        accountsCreated: accounts.create.length,
      };
    });
  }
}

/** A staff member's posts in the import replace the ones they held. */
async function replacePosts(m: PoolClient, t: TopologyBody): Promise<void> {
  const staff = (t.staff ?? []).filter((s) => s.cells !== undefined);
  if (!staff.length) return;
  await m.query(`DELETE FROM staff_cells WHERE staff_id = ANY($1::text[])`, [staff.map((s) => s.id)]);
  const posts = staff.flatMap((s) => (s.cells ?? []).map((c) => [s.id, c.cellId, c.role] as const));
  await m.query(
    `INSERT INTO staff_cells (staff_id, cell_id, role) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
    [posts.map((p) => p[0]), posts.map((p) => p[1]), posts.map((p) => p[2])],
  );
}
