import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { GridConfig } from '@gridcell/config';
import { inTransaction } from '@gridcell/database';
import { MeterAccess } from '@gridcell/grid';
import type { Principal } from '@gridcell/identity';
import { NotificationService } from '@gridcell/notifications';
import { CreateWorkOrder } from '../usecases/create-work-order';
import { loadOrders } from '../work-order.rows';
import { MeterProbe, type ProbeAnswer } from './meter-probe';

/** CONTRACT 2 `POST /api/v1/fault-reports`, with what is known told back (extensions after `alreadyKnown`). */
export interface FaultReportResult {
  id: string;
  incidentId: string | null;
  alreadyKnown: boolean;
  workOrderId: string | null;
  /** What the platform concluded when it knew nothing yet (the meter asked first). */
  diagnosis: string | null;
  known: {
    status: string | null;
    crew: string | null;
    /** The restoration (or resolution) deadline of the order, when there is one. */
    expectedBy: string | null;
    summary: string;
  };
}

/**
 * A customer (or a call taker on their behalf) reports a fault at a meter. An incident already
 * covering the meter takes the report (alreadyKnown when it was opened before); otherwise the meter
 * is asked first — an answer with normal voltage points to a fault inside the home — and a work
 * order records it. The reporter is told what is known: the crew and when power is expected back.
 */
@Injectable()
export class FaultReportService {
  constructor(
    private readonly pool: Pool,
    private readonly meters: MeterAccess,
    private readonly probe: MeterProbe,
    private readonly create: CreateWorkOrder,
    private readonly notifications: NotificationService,
    private readonly config: GridConfig,
  ) {}

  async report(who: Principal, meterId: string, description: string | null): Promise<FaultReportResult> {
    await this.meters.visibleMeter(who, meterId);
    const received = new Date();
    const incident = await this.coveringIncident(meterId);
    const answer: ProbeAnswer | null = incident ? null : await this.probe.read(meterId);
    const customerId =
      (
        await this.pool.query<{ customer_id: string | null }>(
          'SELECT customer_id FROM meters WHERE id = $1',
          [meterId],
        )
      ).rows[0]?.customer_id ?? null;
    const diagnosis = answer ? this.diagnose(answer) : null;
    const prepared = answer
      ? await this.create.prepare({
          type: answer.answered && !this.inBand(answer.voltageV) ? 'voltage_quality' : 'outage_repair',
          title: `Customer reports a fault at meter ${meterId}`,
          description,
          meterId,
          customerId,
          diagnosis,
          createdBy: who.username,
        })
      : null;
    const after: (() => void)[] = [];
    const result = await inTransaction(this.pool, async (db) => {
      let orderId = incident?.order_id ?? null;
      if (prepared) {
        const created = await this.create.insert(db, prepared);
        orderId = created.view.id;
        after.push(...created.after);
      }
      const id = randomUUID();
      const alreadyKnown = incident !== null && incident.detected_at < received;
      await db.query(
        `INSERT INTO fault_reports (id, meter_id, customer_id, reported_by, description, incident_id, work_order_id, already_known, diagnosis, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          meterId,
          customerId,
          who.username,
          description,
          incident?.id ?? null,
          orderId,
          alreadyKnown,
          diagnosis,
          received,
        ],
      );
      const known = await this.known(db, orderId, incident);
      if (incident && customerId)
        after.push(
          await this.notifications.notify(
            db,
            { customerId },
            {
              kind: 'fault_report.known',
              text: `We already know about this outage (${incident.summary}). ${known.summary}`,
              workOrderId: orderId,
              incidentId: incident.id,
            },
          ),
        );
      return { id, incidentId: incident?.id ?? null, alreadyKnown, workOrderId: orderId, diagnosis, known };
    });
    for (const deliver of after) deliver();
    return result;
  }

  private async coveringIncident(meterId: string) {
    const { rows } = await this.pool.query<{
      id: string;
      detected_at: Date;
      summary: string;
      order_id: string | null;
    }>(
      `SELECT i.id, i.detected_at, i.evidence->>'summary' AS summary, w.id AS order_id
       FROM incidents i JOIN incident_meters im ON im.incident_id = i.id AND im.meter_id = $1
       LEFT JOIN work_orders w ON w.incident_id = i.id
       WHERE i.status = 'open' AND i.kind IN ('outage', 'communication', 'voltage') AND im.restored_at IS NULL
       ORDER BY i.detected_at DESC LIMIT 1`,
      [meterId],
    );
    return rows[0] ?? null;
  }

  private async known(
    db: PoolClient,
    orderId: string | null,
    incident: { summary: string } | null,
  ): Promise<FaultReportResult['known']> {
    if (!orderId)
      return {
        status: null,
        crew: null,
        expectedBy: null,
        summary: incident ? 'A crew is being arranged.' : 'Your report is recorded.',
      };
    const [{ view, row }] = await loadOrders(db, 'w.id = $1', [orderId]);
    const crew = row.assignee_id
      ? ((await db.query<{ name: string }>('SELECT name FROM staff WHERE id = $1', [row.assignee_id])).rows[0]
          ?.name ?? null)
      : null;
    const expectedBy = view.resolveDueAt ?? view.respondDueAt;
    return {
      status: view.status,
      crew,
      expectedBy,
      summary: `${crew ? `${crew} is assigned` : 'A dispatcher is assigning a crew'}; expected by ${expectedBy}.`,
    };
  }

  private diagnose(answer: ProbeAnswer): string {
    if (!answer.answered) return 'the meter did not answer: supply (or its link) is lost at the meter';
    if (answer.voltageV === null) return 'the meter answered: it has supply; customer-side fault likely';
    if (!this.inBand(answer.voltageV))
      return `the meter answered with ${answer.voltageV.toFixed(1)} V, outside ${this.config.VOLTAGE_LOW_V}-${this.config.VOLTAGE_HIGH_V} V: a voltage problem`;
    return `the meter answered with ${answer.voltageV.toFixed(1)} V: supply is normal at the meter, customer-side fault likely (inside the home)`;
  }

  private inBand(v: number | null): boolean {
    return v === null || (v >= this.config.VOLTAGE_LOW_V && v <= this.config.VOLTAGE_HIGH_V);
  }
}
