import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secret that signs personal links when LINK_SECRET is not set: one
 * row, written by the first worker that needs it, read by every other, so
 * a link made by one worker opens on all of them. And "remember this
 * phone": a session that lasts SESSION_REMEMBER_DAYS (a constant default,
 * so adding the column is instant).
 */
export class LinkSecret1764950000000 implements MigrationInterface {
  name = 'LinkSecret1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE link_secret (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE staff_sessions ADD COLUMN remember boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_sessions DROP COLUMN remember`);
    await q.query(`DROP TABLE link_secret`);
  }
}
