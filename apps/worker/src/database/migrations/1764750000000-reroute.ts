import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-route on silence: when the current owner got the task (null for tasks
 * from before: their creation counts) and how often it was passed on. A
 * nullable column and a constant default are catalogue-only changes in
 * Postgres 11+, so the migration takes an instant on any size of table.
 */
export class Reroute1764750000000 implements MigrationInterface {
  name = 'Reroute1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE follow_up_tasks
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN reroutes integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up_tasks DROP COLUMN reroutes, DROP COLUMN assigned_at`);
  }
}
