import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff calendars: shifts on duty and periods of leave, cancelled rather than deleted. */
export class StaffShifts1796000000000 implements MigrationInterface {
  name = 'StaffShifts1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "staff_shifts" ("id" BIGSERIAL NOT NULL, "staff_id" character varying(64) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(10) NOT NULL, "note" text, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "cancelled_by" character varying(64), "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "staff_shifts_period_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "staff_shifts_state_check" CHECK ("state" IN ('on_duty', 'on_leave')), CONSTRAINT "staff_shifts_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE INDEX "staff_shifts_staff_id_starts_at_idx" ON "staff_shifts" ("staff_id", "starts_at")`,
    );
    await db.query(
      `ALTER TABLE "staff_shifts" ADD CONSTRAINT "staff_shifts_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "staff_shifts"`);
  }
}
