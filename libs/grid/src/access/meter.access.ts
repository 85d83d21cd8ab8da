import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@gridcell/identity';
import { AccessPolicy, scopeSql, scopeValues } from './access.policy';

export interface VisibleMeter {
  id: string;
  num: number;
}

/**
 * Which meters someone may see, by the {@link AccessPolicy}: anything else is reported as not
 * found, so ids of other people's meters cannot be probed.
 */
@Injectable()
export class MeterAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  async visibleMeter(who: Principal, meterId: string): Promise<VisibleMeter> {
    const [row] = await this.db.query<VisibleMeter[]>(
      `SELECT m.id, m.num FROM meters m LEFT JOIN transformers t ON t.id = m.transformer_id
       WHERE m.id = $1 AND ${scopeSql(2, { cell: 't.cell_id', customer: 'm.customer_id' })}`,
      [meterId, ...scopeValues(await this.policy.scopeOf(who))],
    );
    if (!row) throw new NotFoundException(`meter "${meterId}" not found`);
    return row;
  }
}
