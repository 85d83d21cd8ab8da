import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents detected from meter evidence, the meters they cover, the domain-event outbox and consumers' cursors. */
export class Incidents1796100000000 implements MigrationInterface {
  name = 'Incidents1796100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "incidents" ("id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "scope" character varying(16) NOT NULL, "asset_id" character varying(64) NOT NULL, "cell_id" character varying(64), "cell_ids" text array NOT NULL DEFAULT '{}', "feeder_id" character varying(64), "status" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "restored_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "affected_meters" integer NOT NULL, "still_affected_meters" integer NOT NULL, "affected_customers" integer NOT NULL, "vulnerable_customers" integer NOT NULL, "confidence" real NOT NULL, "evidence" jsonb NOT NULL, "parent_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incidents_kind_check" CHECK ("kind" IN ('outage', 'momentary', 'communication', 'voltage')), CONSTRAINT "incidents_scope_check" CHECK ("scope" IN ('meter', 'transformer', 'feeder')), CONSTRAINT "incidents_status_check" CHECK ("status" IN ('open', 'restored', 'closed')), CONSTRAINT "incidents_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "incidents_status_started_at_idx" ON "incidents" ("status", "started_at")`);
    await db.query(`CREATE INDEX "incidents_started_at_idx" ON "incidents" ("started_at")`);
    await db.query(`CREATE INDEX "incidents_parent_id_idx" ON "incidents" ("parent_id")`);
    await db.query(
      `CREATE TABLE "incident_meters" ("incident_id" uuid NOT NULL, "meter_id" character varying(64) NOT NULL, "out_at" TIMESTAMP WITH TIME ZONE, "restored_at" TIMESTAMP WITH TIME ZONE, "restored_by" character varying(16), CONSTRAINT "incident_meters_pkey" PRIMARY KEY ("incident_id", "meter_id"))`,
    );
    await db.query(`CREATE INDEX "incident_meters_meter_id_idx" ON "incident_meters" ("meter_id")`);
    await db.query(
      `ALTER TABLE "incident_meters" ADD CONSTRAINT "incident_meters_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `CREATE TABLE "domain_events" ("event_id" BIGSERIAL NOT NULL, "type" character varying(40) NOT NULL, "payload" jsonb NOT NULL, "cells" text array NOT NULL DEFAULT '{}', "customers" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "domain_events_pkey" PRIMARY KEY ("event_id"))`,
    );
    await db.query(`CREATE INDEX "domain_events_created_at_idx" ON "domain_events" ("created_at")`);
    await db.query(
      `CREATE TABLE "consumer_cursors" ("consumer" character varying(64) NOT NULL, "position" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "consumer_cursors_pkey" PRIMARY KEY ("consumer"))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "consumer_cursors"`);
    await db.query(`DROP TABLE "domain_events"`);
    await db.query(`DROP TABLE "incident_meters"`);
    await db.query(`DROP TABLE "incidents"`);
  }
}
