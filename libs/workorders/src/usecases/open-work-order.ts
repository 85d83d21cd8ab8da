import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { WorkOrderType, WorkOrderView } from '@gridcell/contracts';
import { inTransaction } from '@gridcell/database';
import { AccessPolicy, MeterAccess } from '@gridcell/grid';
import type { Principal } from '@gridcell/identity';
import { CreateWorkOrder } from './create-work-order';

/** What customers may ask for themselves in the portal. */
export const CUSTOMER_REQUESTS: ReadonlySet<WorkOrderType> = new Set([
  'complaint',
  'billing_inquiry',
  'connection_request',
  'meter_fault',
]);

export interface OpenRequest {
  type: WorkOrderType;
  title: string;
  description?: string;
  meterId?: string;
  customerId?: string;
  cellId?: string;
}

/**
 * Work opened through the API: a customer's complaint, inquiry, connection or meter request for
 * themselves; anything staff (in their cells), dispatchers and administrators open.
 */
@Injectable()
export class OpenWorkOrder {
  constructor(
    private readonly pool: Pool,
    private readonly create: CreateWorkOrder,
    private readonly meters: MeterAccess,
    private readonly policy: AccessPolicy,
  ) {}

  async open(who: Principal, r: OpenRequest): Promise<WorkOrderView> {
    if (who.role === 'customer') {
      if (!CUSTOMER_REQUESTS.has(r.type))
        throw new ForbiddenException(
          `customers may open ${[...CUSTOMER_REQUESTS].join(', ')}; report a fault with POST /api/v1/fault-reports`,
        );
      if (r.customerId && r.customerId !== who.customerId)
        throw new ForbiddenException('customers open work for themselves only');
    }
    if (r.meterId) await this.meters.visibleMeter(who, r.meterId);
    if (r.cellId && who.role !== 'customer') await this.policy.cellAccess(who, r.cellId);
    const customerId = who.role === 'customer' ? who.customerId : (r.customerId ?? null);
    if (customerId) {
      const known = await this.pool.query('SELECT 1 FROM customers WHERE id = $1', [customerId]);
      if (!known.rows.length) throw new BadRequestException(`customerId: unknown customer "${customerId}"`);
    }
    const prepared = await this.create.prepare({
      type: r.type,
      title: r.title,
      description: r.description ?? null,
      meterId: r.meterId ?? null,
      customerId,
      cellId: who.role === 'customer' ? null : (r.cellId ?? null),
      createdBy: who.username,
    });
    const { view, after } = await inTransaction(this.pool, (db) => this.create.insert(db, prepared));
    for (const deliver of after) deliver();
    return view;
  }
}
