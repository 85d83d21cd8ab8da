import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@gridcell/identity';

export interface VisibleMeter {
  id: string;
  num: number;
}

/**
 * Who may see which meter: dispatchers and administrators all, staff the meters of the cells they
 * hold a post in, customers their own. Anything else is reported as not found, so ids of other
 * people's meters cannot be probed.
 */
@Injectable()
export class MeterAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async visibleMeter(principal: Principal, meterId: string): Promise<VisibleMeter> {
    const [row] = await this.db.query<VisibleMeter[]>(
      `SELECT m.id, m.num FROM meters m LEFT JOIN transformers t ON t.id = m.transformer_id
       WHERE m.id = $1 AND (
         $2 IN ('administrator', 'dispatcher')
         OR ($2 = 'customer' AND m.customer_id = $3)
         OR ($2 = 'staff' AND t.cell_id IN (SELECT cell_id FROM staff_cells WHERE staff_id = $4)))`,
      [meterId, principal.role, principal.customerId, principal.staffId],
    );
    if (!row) throw new NotFoundException(`meter "${meterId}" not found`);
    return row;
  }
}
