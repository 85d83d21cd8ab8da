import type { MigrationInterface, QueryRunner } from 'typeorm';
import { timescaleLoadable } from '../database-engine';

/** Territory, identity and time-series tables; hypertables where TimescaleDB can be loaded. */
export class InitialSchema1764316800000 implements MigrationInterface {
  name = 'InitialSchema1764316800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "feeders" ("id" character varying(64) NOT NULL, "name" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feeders_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE TABLE "cells" ("id" character varying(64) NOT NULL, "name" text NOT NULL, "area_class" character varying(8) NOT NULL DEFAULT 'rural', "boundary" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "cells_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE TABLE "transformers" ("id" character varying(64) NOT NULL, "feeder_id" character varying(64) NOT NULL, "cell_id" character varying(64), "rated_kva" real, "lat" double precision, "lon" double precision, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "transformers_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "transformers_feeder_id_idx" ON "transformers" ("feeder_id")`);
    await db.query(`CREATE INDEX "transformers_cell_id_idx" ON "transformers" ("cell_id")`);
    await db.query(
      `CREATE TABLE "gateways" ("id" character varying(64) NOT NULL, "transformer_id" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "gateways_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "gateways_transformer_id_idx" ON "gateways" ("transformer_id")`);
    await db.query(
      `CREATE TABLE "customers" ("id" character varying(64) NOT NULL, "name" text NOT NULL, "phone" character varying(32), "vulnerable" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "customers_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE TABLE "meters" ("id" character varying(64) NOT NULL, "num" SERIAL NOT NULL, "transformer_id" character varying(64), "gateway_id" character varying(64), "customer_id" character varying(64), "phases" smallint NOT NULL DEFAULT '1', "interval_s" integer NOT NULL DEFAULT '900', "last_gasp" boolean NOT NULL DEFAULT true, "lat" double precision, "lon" double precision, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "meters_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "meters_transformer_id_idx" ON "meters" ("transformer_id")`);
    await db.query(`CREATE INDEX "meters_gateway_id_idx" ON "meters" ("gateway_id")`);
    await db.query(`CREATE INDEX "meters_customer_id_idx" ON "meters" ("customer_id")`);
    await db.query(`CREATE UNIQUE INDEX "meters_num_key" ON "meters" ("num")`);
    await db.query(
      `CREATE TABLE "staff" ("id" character varying(64) NOT NULL, "name" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE TABLE "staff_cells" ("staff_id" character varying(64) NOT NULL, "cell_id" character varying(64) NOT NULL, "role" character varying(8) NOT NULL, CONSTRAINT "staff_cells_role_check" CHECK ("role" IN ('primary', 'backup')), CONSTRAINT "staff_cells_pkey" PRIMARY KEY ("staff_id", "cell_id"))`,
    );
    await db.query(`CREATE INDEX "staff_cells_cell_id_idx" ON "staff_cells" ("cell_id")`);
    await db.query(
      `CREATE UNIQUE INDEX "staff_cells_one_primary_key" ON "staff_cells" ("cell_id") WHERE "role" = 'primary'`,
    );
    await db.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "role" character varying(16) NOT NULL, "staff_id" character varying(64), "customer_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_role_check" CHECK ("role" IN ('administrator', 'dispatcher', 'staff', 'customer')), CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "users_staff_id_idx" ON "users" ("staff_id")`);
    await db.query(`CREATE INDEX "users_customer_id_idx" ON "users" ("customer_id")`);
    await db.query(`CREATE UNIQUE INDEX "users_username_key" ON "users" ("username")`);
    await db.query(
      `CREATE TABLE "meter_hourly" ("meter_num" integer NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "readings" integer NOT NULL, "energy_min" double precision, "energy_max" double precision, "voltage_min" real, "voltage_max" real, "voltage_sum" double precision NOT NULL DEFAULT '0', "voltage_n" integer NOT NULL DEFAULT '0', CONSTRAINT "meter_hourly_pkey" PRIMARY KEY ("meter_num", "hour"))`,
    );
    await db.query(
      `CREATE TABLE "quarantine" ("id" BIGSERIAL NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "topic" text NOT NULL, "payload" bytea NOT NULL, "payload_bytes" integer NOT NULL, "reason" text NOT NULL, CONSTRAINT "quarantine_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "quarantine_received_at_idx" ON "quarantine" ("received_at")`);
    await db.query(
      `CREATE TABLE "meter_events" ("meter_num" integer NOT NULL, "ts" TIMESTAMP WITH TIME ZONE NOT NULL, "type" character varying(24) NOT NULL, "phase" character(1), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "meter_events_phase_check" CHECK ("phase" IN ('A', 'B', 'C')), CONSTRAINT "meter_events_pkey" PRIMARY KEY ("meter_num", "ts", "type"))`,
    );
    await db.query(
      `CREATE TABLE "gateway_status" ("gateway_id" character varying(64) NOT NULL, "ts" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(16) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "gateway_status_state_check" CHECK ("state" IN ('online', 'offline', 'power_down')), CONSTRAINT "gateway_status_pkey" PRIMARY KEY ("gateway_id", "ts", "state"))`,
    );
    await db.query(
      `CREATE TABLE "readings" ("meter_num" integer NOT NULL, "ts" TIMESTAMP WITH TIME ZONE NOT NULL, "energy_kwh" double precision, "voltage_a" real, "voltage_b" real, "voltage_c" real, "current_a" real, "current_b" real, "current_c" real, "power_kw" real, "power_factor" real, "frequency_hz" real, CONSTRAINT "readings_pkey" PRIMARY KEY ("meter_num", "ts"))`,
    );
    await db.query(
      `CREATE TABLE "rollup_dirty" ("id" BIGSERIAL NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "meter_block" integer NOT NULL, CONSTRAINT "rollup_dirty_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `ALTER TABLE "transformers" ADD CONSTRAINT "transformers_feeder_id_fkey" FOREIGN KEY ("feeder_id") REFERENCES "feeders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "transformers" ADD CONSTRAINT "transformers_cell_id_fkey" FOREIGN KEY ("cell_id") REFERENCES "cells"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "gateways" ADD CONSTRAINT "gateways_transformer_id_fkey" FOREIGN KEY ("transformer_id") REFERENCES "transformers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "meters" ADD CONSTRAINT "meters_transformer_id_fkey" FOREIGN KEY ("transformer_id") REFERENCES "transformers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "meters" ADD CONSTRAINT "meters_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "meters" ADD CONSTRAINT "meters_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "staff_cells" ADD CONSTRAINT "staff_cells_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "staff_cells" ADD CONSTRAINT "staff_cells_cell_id_fkey" FOREIGN KEY ("cell_id") REFERENCES "cells"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    if (await timescaleLoadable(db)) {
      await db.query(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
      // Our primary keys already serve (meter, ts) lookups; TimescaleDB's default ts index would
      // only add write cost.
      for (const [table, chunk] of [
        ['readings', '1 day'],
        ['meter_events', '7 days'],
        ['gateway_status', '7 days'],
      ]) {
        await db.query(
          `SELECT create_hypertable('${table}', by_range('ts', INTERVAL '${chunk}'), create_default_indexes => false)`,
        );
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'users',
      'staff_cells',
      'staff',
      'meters',
      'customers',
      'gateways',
      'transformers',
      'cells',
      'feeders',
      'rollup_dirty',
      'readings',
      'gateway_status',
      'meter_events',
      'quarantine',
      'meter_hourly',
    ]) {
      await db.query(`DROP TABLE "${table}"`);
    }
  }
}
