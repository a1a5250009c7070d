import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secret that signs personal links when LINK_SECRET is not set: one
 * row, written by the first worker that needs it, read by every other, so
 * a link made by one worker opens on all of them.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_secret`);
  }
}
