import { Global, Injectable, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { WORKLOAD_SOURCE, type WorkloadSource } from '@gridcell/grid';

/** Work in hand: orders a person has been given and not yet resolved. */
@Injectable()
export class OpenWorkSource implements WorkloadSource {
  constructor(private readonly pool: Pool) {}

  async openWork(staffIds: string[]): Promise<Map<string, number>> {
    if (!staffIds.length) return new Map();
    const { rows } = await this.pool.query<{ assignee_id: string; n: number }>(
      `SELECT assignee_id, count(*)::int AS n FROM work_orders
       WHERE assignee_id = ANY($1::text[]) AND status IN ('assigned', 'accepted', 'en_route', 'on_site') GROUP BY assignee_id`,
      [staffIds],
    );
    return new Map(rows.map((r) => [r.assignee_id, r.n]));
  }
}

/** Gives the assignment rule real workloads wherever work orders exist (the grid lib cannot import them). */
@Global()
@Module({
  providers: [{ provide: WORKLOAD_SOURCE, useClass: OpenWorkSource }],
  exports: [WORKLOAD_SOURCE],
})
export class WorkloadModule {}
