import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Work orders with their SLA pauses and append-only history, customers' fault reports, notifications. */
export class WorkOrders1796200000000 implements MigrationInterface {
  name = 'WorkOrders1796200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL, "customer_id" character varying(64), "staff_id" character varying(64), "kind" character varying(32) NOT NULL, "text" text NOT NULL, "work_order_id" uuid, "incident_id" uuid, "channels" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "notifications_staff_id_idx" ON "notifications"("staff_id", "created_at")`);
    await db.query(
      `CREATE INDEX "notifications_customer_id_idx" ON "notifications"("customer_id", "created_at")`,
    );
    await db.query(
      `CREATE TABLE "work_orders" ("id" uuid NOT NULL, "type" character varying(24) NOT NULL, "status" character varying(16) NOT NULL, "priority" smallint NOT NULL, "priority_reason" text NOT NULL, "title" text NOT NULL, "description" text, "cell_id" character varying(64), "area_class" character varying(8) NOT NULL, "incident_id" uuid, "customer_id" character varying(64), "meter_id" character varying(64), "queue" character varying(12) NOT NULL, "assignee_id" character varying(64), "assignment_reason" text, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "respond_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolve_due_at" TIMESTAMP WITH TIME ZONE, "responded_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "incident_synced_at" TIMESTAMP WITH TIME ZONE, "power_restored_at" TIMESTAMP WITH TIME ZONE, "at_risk_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "diagnosis" text, "resolution" text, "answer" text, "rating" smallint, "rating_comment" text, "cancel_reason" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "work_orders_rating_check" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "work_orders_queue_check" CHECK ("queue" IN ('staff', 'dispatcher')), CONSTRAINT "work_orders_status_check" CHECK ("status" IN ('created', 'assigned', 'accepted', 'en_route', 'on_site', 'resolved', 'feedback_given', 'closed', 'cancelled')), CONSTRAINT "work_orders_type_check" CHECK ("type" IN ('outage_repair', 'voltage_quality', 'meter_fault', 'communication_fault', 'connection_request', 'billing_inquiry', 'complaint', 'scheduled_inspection')), CONSTRAINT "work_orders_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE UNIQUE INDEX "work_orders_incident_id_key" ON "work_orders"("incident_id") WHERE "incident_id" IS NOT NULL`,
    );
    await db.query(`CREATE INDEX "work_orders_customer_id_idx" ON "work_orders"("customer_id")`);
    await db.query(`CREATE INDEX "work_orders_cell_id_idx" ON "work_orders"("cell_id")`);
    await db.query(`CREATE INDEX "work_orders_assignee_id_idx" ON "work_orders"("assignee_id")`);
    await db.query(`CREATE INDEX "work_orders_status_idx" ON "work_orders"("status")`);
    await db.query(
      `CREATE TABLE "fault_reports" ("id" uuid NOT NULL, "meter_id" character varying(64) NOT NULL, "customer_id" character varying(64), "reported_by" character varying(64) NOT NULL, "description" text, "incident_id" uuid, "work_order_id" uuid, "already_known" boolean NOT NULL, "diagnosis" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fault_reports_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "fault_reports_work_order_id_idx" ON "fault_reports"("work_order_id")`);
    await db.query(`CREATE INDEX "fault_reports_meter_id_idx" ON "fault_reports"("meter_id")`);
    await db.query(
      `CREATE TABLE "work_order_history" ("id" BIGSERIAL NOT NULL, "work_order_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" character varying(64) NOT NULL, "action" character varying(32) NOT NULL, "from_status" character varying(16), "to_status" character varying(16), "details" jsonb NOT NULL DEFAULT '{}', "lat" double precision, "lon" double precision, CONSTRAINT "work_order_history_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "work_order_history_at_idx" ON "work_order_history"("at")`);
    await db.query(
      `CREATE INDEX "work_order_history_work_order_id_idx" ON "work_order_history"("work_order_id", "id")`,
    );
    await db.query(
      `CREATE TABLE "sla_pauses" ("id" BIGSERIAL NOT NULL, "work_order_id" uuid NOT NULL, "reason" character varying(24) NOT NULL, "note" text, "requested_by" character varying(64) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved" boolean, "decided_by" character varying(64), "decided_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by" character varying(64), CONSTRAINT "sla_pauses_reason_check" CHECK ("reason" IN ('customer_absent', 'awaiting_materials', 'weather', 'access_blocked', 'customer_request', 'third_party')), CONSTRAINT "sla_pauses_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "sla_pauses_work_order_id_idx" ON "sla_pauses"("work_order_id")`);
    await db.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_cell_id_fkey" FOREIGN KEY ("cell_id") REFERENCES "cells"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_meter_id_fkey" FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "fault_reports" ADD CONSTRAINT "fault_reports_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "fault_reports" ADD CONSTRAINT "fault_reports_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "work_order_history" ADD CONSTRAINT "work_order_history_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "sla_pauses" ADD CONSTRAINT "sla_pauses_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The case ledger is append-only: nothing rewrites or removes its entries.
    await db.query(
      `CREATE FUNCTION work_order_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'work_order_history is append-only'; END $$`,
    );
    await db.query(
      `CREATE TRIGGER work_order_history_append_only BEFORE UPDATE OR DELETE ON work_order_history
       FOR EACH ROW EXECUTE FUNCTION work_order_history_append_only()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "notifications"`);
    await db.query(`DROP TABLE "work_order_history"`);
    await db.query(`DROP FUNCTION work_order_history_append_only`);
    await db.query(`DROP TABLE "sla_pauses"`);
    await db.query(`DROP TABLE "fault_reports"`);
    await db.query(`DROP TABLE "work_orders"`);
  }
}
