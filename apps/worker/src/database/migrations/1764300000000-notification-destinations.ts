import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chat robots and webhooks: each ledger row of theirs names its destination
 * (the id of one robot or receiver URL), so a robot's digest finds the rows
 * it folds and the admin page finds a destination's last success and error
 * without reading every key. Email rows keep NULL and stay out of the index.
 */
export class NotificationDestinations1764300000000 implements MigrationInterface {
  name = 'NotificationDestinations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN destination text`);
    await q.query(
      `CREATE INDEX notifications_destination_idx ON notifications (destination, status, updated_at)
        WHERE destination IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_destination_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN destination`);
  }
}
