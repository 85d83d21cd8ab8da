import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { NotificationView } from '@gridcell/contracts';
import { appendEvent } from '@gridcell/events';
import type { Principal } from '@gridcell/identity';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type Recipient } from './notification.channel';

export interface NotificationInput {
  kind: string;
  text: string;
  workOrderId?: string | null;
  incidentId?: string | null;
  /** Cells whose staff see it live (a staff member's notification reaches the consoles of their cells). */
  cells?: string[];
}

interface NotificationRow {
  id: string;
  kind: string;
  text: string;
  work_order_id: string | null;
  incident_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * Messages to customers and staff: stored (the portal lists them) and announced on the live
 * channel in the caller's transaction, then handed to any further channels once committed.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly pool: Pool,
    @Optional() @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[] = [],
  ) {}

  /** Records a notification inside `db`'s transaction; returns a function delivering it elsewhere after commit. */
  async notify(db: PoolClient, to: Recipient, n: NotificationInput): Promise<() => void> {
    const id = randomUUID();
    const customerId = 'customerId' in to ? to.customerId : null;
    const staffId = 'staffId' in to ? to.staffId : null;
    const { rows } = await db.query<NotificationRow>(
      `INSERT INTO notifications (id, customer_id, staff_id, kind, text, work_order_id, incident_id, channels)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        id,
        customerId,
        staffId,
        n.kind,
        n.text,
        n.workOrderId ?? null,
        n.incidentId ?? null,
        ['in_app', ...this.channels.map((c) => c.name)],
      ],
    );
    const view = toView(rows[0]);
    await appendEvent(db, 'notification.created', view, {
      cells: customerId ? [] : (n.cells ?? []),
      customers: customerId ? [customerId] : [],
    });
    return () => {
      for (const channel of this.channels)
        channel.deliver(to, view).catch((e: Error) => this.logger.warn(`${channel.name}: ${e.message}`));
    };
  }

  async mine(who: Principal, unreadOnly: boolean): Promise<NotificationView[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT * FROM notifications WHERE (customer_id = $1 OR staff_id = $2) AND ($3::boolean IS FALSE OR read_at IS NULL)
       ORDER BY created_at DESC LIMIT 200`,
      [who.customerId, who.staffId, unreadOnly],
    );
    return rows.map(toView);
  }

  async markRead(who: Principal, id: string): Promise<NotificationView> {
    const { rows } = await this.pool.query<NotificationRow>(
      `UPDATE notifications SET read_at = coalesce(read_at, now())
       WHERE id = $1 AND (customer_id = $2 OR staff_id = $3) RETURNING *`,
      [id, who.customerId, who.staffId],
    );
    if (!rows.length) throw new NotFoundException(`notification "${id}" not found`);
    return toView(rows[0]);
  }
}

function toView(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    text: r.text,
    workOrderId: r.work_order_id,
    incidentId: r.incident_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}
