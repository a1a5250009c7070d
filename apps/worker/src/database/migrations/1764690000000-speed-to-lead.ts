import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Speed to lead: each task's first touch (when, by whom, whose lead it was
 * then, and how long the customer waited, in wall and in business seconds)
 * and its outcome once done. Nullable columns without a default, and a
 * CHECK added NOT VALID: nothing rewrites or scans the table, so the
 * migration takes an instant on any size of table; existing tasks stay
 * untouched (null) rather than being guessed from their history.
 */
export class SpeedToLead1764690000000 implements MigrationInterface {
  name = 'SpeedToLead1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE follow_up_tasks
        ADD COLUMN first_touch_at timestamptz,
        ADD COLUMN first_touch_by text,
        ADD COLUMN first_touch_owner text,
        ADD COLUMN response_seconds integer,
        ADD COLUMN response_business_seconds integer,
        ADD COLUMN outcome text`);
    await q.query(`
      ALTER TABLE follow_up_tasks ADD CONSTRAINT follow_up_tasks_outcome_check
        CHECK (outcome IN ('won', 'qualified', 'unqualified', 'invalid', 'spam')) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE follow_up_tasks
        DROP CONSTRAINT follow_up_tasks_outcome_check,
        DROP COLUMN outcome,
        DROP COLUMN response_business_seconds,
        DROP COLUMN response_seconds,
        DROP COLUMN first_touch_owner,
        DROP COLUMN first_touch_by,
        DROP COLUMN first_touch_at`);
  }
}
