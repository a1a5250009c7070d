import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts parked for a digest (flood guard) and notifications about a task
 * (reminders, escalations) rather than a new lead.
 */
export class NotificationKinds1764100000000 implements MigrationInterface {
  name = 'NotificationKinds1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
         CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'batched'))`,
    );
    await q.query(`ALTER TABLE notifications ADD COLUMN task_id uuid REFERENCES follow_up_tasks (id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX notifications_kind_updated_idx ON notifications (kind, updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_kind_updated_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN task_id`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
         CHECK (status IN ('pending', 'sending', 'sent', 'failed'))`,
    );
  }
}
