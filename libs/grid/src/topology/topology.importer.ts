import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordHasher } from '@gridcell/identity';
import { bulkUpsert } from './bulk-upsert';
import {
  CELL_COLUMNS,
  CUSTOMER_COLUMNS,
  FEEDER_COLUMNS,
  GATEWAY_COLUMNS,
  METER_COLUMNS,
  STAFF_COLUMNS,
  TRANSFORMER_COLUMNS,
} from './topology.columns';
import type { TopologyCountsDto, TopologyDto } from './topology.dto';
import { referencedIds, validateTopology, type ExistingTerritory } from './topology.validator';

const HASH_CONCURRENCY = 4;

/**
 * Applies a territory import atomically: validated as a whole against itself and the database,
 * then upserted in one transaction, or refused with every error and nothing applied.
 */
@Injectable()
export class TopologyImporter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async apply(t: TopologyDto): Promise<TopologyCountsDto> {
    const errors = validateTopology(t, await this.existing(t));
    if (errors.length)
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: errors });
    const customerHashes = await this.hashAll((t.customers ?? []).map((c) => c.password));
    const staffHashes = await this.hashAll((t.staff ?? []).map((s) => s.password));
    return this.db.transaction(async (m) => {
      const counts: TopologyCountsDto = {
        feeders: await bulkUpsert(m, 'feeders', FEEDER_COLUMNS, t.feeders ?? []),
        cells: await bulkUpsert(m, 'cells', CELL_COLUMNS, t.cells ?? []),
        transformers: await bulkUpsert(m, 'transformers', TRANSFORMER_COLUMNS, t.transformers ?? []),
        gateways: await bulkUpsert(m, 'gateways', GATEWAY_COLUMNS, t.gateways ?? []),
        customers: await bulkUpsert(m, 'customers', CUSTOMER_COLUMNS, t.customers ?? []),
        meters: await bulkUpsert(m, 'meters', METER_COLUMNS, t.meters ?? []),
        staff: await bulkUpsert(m, 'staff', STAFF_COLUMNS, t.staff ?? []),
      };
      await this.replacePosts(m, t);
      await this.upsertAccounts(
        m,
        (t.customers ?? []).flatMap((c, i) =>
          customerHashes[i]
            ? [{ username: c.id, hash: customerHashes[i], role: 'customer', staffId: null, customerId: c.id }]
            : [],
        ),
      );
      await this.upsertAccounts(
        m,
        (t.staff ?? []).flatMap((s, i) =>
          staffHashes[i] && s.username
            ? [{ username: s.username, hash: staffHashes[i], role: 'staff', staffId: s.id, customerId: null }]
            : [],
        ),
      );
      return counts;
    });
  }

  /** A staff member's posts in the import replace the ones they held. */
  private async replacePosts(m: EntityManager, t: TopologyDto): Promise<void> {
    const staff = t.staff ?? [];
    if (!staff.length) return;
    await m.query(`DELETE FROM staff_cells WHERE staff_id = ANY($1::text[])`, [staff.map((s) => s.id)]);
    const posts = staff.flatMap((s) => (s.cells ?? []).map((c) => [s.id, c.cellId, c.role] as const));
    await m.query(
      `INSERT INTO staff_cells (staff_id, cell_id, role) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [posts.map((p) => p[0]), posts.map((p) => p[1]), posts.map((p) => p[2])],
    );
  }

  private async upsertAccounts(
    m: EntityManager,
    accounts: {
      username: string;
      hash: string;
      role: string;
      staffId: string | null;
      customerId: string | null;
    }[],
  ): Promise<void> {
    if (!accounts.length) return;
    // An account belongs to its staff member or customer: re-importing them updates it in place.
    await m.query(`DELETE FROM users WHERE (staff_id = ANY($1::text[]) OR customer_id = ANY($2::text[]))`, [
      accounts.flatMap((a) => (a.staffId ? [a.staffId] : [])),
      accounts.flatMap((a) => (a.customerId ? [a.customerId] : [])),
    ]);
    await m.query(
      `INSERT INTO users (username, password_hash, role, staff_id, customer_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        accounts.map((a) => a.username),
        accounts.map((a) => a.hash),
        accounts.map((a) => a.role),
        accounts.map((a) => a.staffId),
        accounts.map((a) => a.customerId),
      ],
    );
  }

  private async hashAll(passwords: (string | undefined)[]): Promise<(string | null)[]> {
    const out = new Array<string | null>(passwords.length).fill(null);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < passwords.length; i = next++) {
        const p = passwords[i];
        if (p !== undefined) out[i] = await this.hasher.hash(p);
      }
    };
    await Promise.all(Array.from({ length: HASH_CONCURRENCY }, worker));
    return out;
  }

  private async existing(t: TopologyDto): Promise<ExistingTerritory> {
    const refs = referencedIds(t);
    const ids = async (table: string, wanted: string[]) =>
      new Set<string>(
        wanted.length
          ? (
              await this.db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [
                [...new Set(wanted)],
              ])
            ).map((r) => r.id)
          : [],
      );
    const cellIds = [...new Set(refs.cells)];
    const primaries: { cell_id: string; staff_id: string }[] = cellIds.length
      ? await this.db.query(
          `SELECT cell_id, staff_id FROM staff_cells WHERE role = 'primary' AND cell_id = ANY($1::text[])`,
          [cellIds],
        )
      : [];
    const names = [
      ...(t.staff ?? []).flatMap((s) => (s.username ? [s.username] : [])),
      ...(t.customers ?? []).flatMap((c) => (c.password ? [c.id] : [])),
    ];
    const accounts: {
      username: string;
      role: string;
      staff_id: string | null;
      customer_id: string | null;
    }[] = names.length
      ? await this.db.query(
          `SELECT username, role, staff_id, customer_id FROM users WHERE username = ANY($1::text[])`,
          [names],
        )
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
}
