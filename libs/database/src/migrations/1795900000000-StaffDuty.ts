import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff duty state (on duty, off duty, on leave) and the record of every change to it. */
export class StaffDuty1795900000000 implements MigrationInterface {
  name = 'StaffDuty1795900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "staff" ADD "duty_state" character varying(10) NOT NULL DEFAULT 'on_duty'`);
    await db.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "staff_duty_state_check" CHECK ("duty_state" IN ('on_duty', 'off_duty', 'on_leave'))`,
    );
    await db.query(
      `CREATE TABLE "staff_duty_changes" ("id" BIGSERIAL NOT NULL, "staff_id" character varying(64) NOT NULL, "state" character varying(10) NOT NULL, "reason" text, "changed_by" character varying(64) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_duty_changes_state_check" CHECK ("state" IN ('on_duty', 'off_duty', 'on_leave')), CONSTRAINT "staff_duty_changes_pkey" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE INDEX "staff_duty_changes_staff_id_changed_at_idx" ON "staff_duty_changes" ("staff_id", "changed_at")`,
    );
    await db.query(
      `ALTER TABLE "staff_duty_changes" ADD CONSTRAINT "staff_duty_changes_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "staff_duty_changes"`);
    await db.query(`ALTER TABLE "staff" DROP CONSTRAINT "staff_duty_state_check"`);
    await db.query(`ALTER TABLE "staff" DROP COLUMN "duty_state"`);
  }
}
