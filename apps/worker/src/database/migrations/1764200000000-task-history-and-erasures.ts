import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed which task when (the lead stays the company's when a
 * salesperson leaves), and a record of each erasure without the data.
 */
export class TaskHistoryAndErasures1764200000000 implements MigrationInterface {
  name = 'TaskHistoryAndErasures1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_events (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES follow_up_tasks (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text,
        from_assignee text,
        to_assignee text,
        note text
      )`);
    await q.query(`CREATE INDEX task_events_task_idx ON task_events (task_id, at)`);
    await q.query(`
      CREATE TABLE erasures (
        id bigserial PRIMARY KEY,
        lead_id uuid NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`ALTER TABLE follow_up_tasks ADD COLUMN done_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up_tasks DROP COLUMN done_at`);
    await q.query(`DROP TABLE erasures`);
    await q.query(`DROP TABLE task_events`);
  }
}
