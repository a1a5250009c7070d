import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spam phrases admins add to the shipped list (`/admin/spam/phrases`):
 * one row each, unique in any case, shared by every worker, which reload
 * the list at least every 30 seconds.
 */
export class SpamPhrases1765300000001 implements MigrationInterface {
  name = 'SpamPhrases1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spam_phrases (
        id serial PRIMARY KEY,
        phrase text NOT NULL CHECK (length(phrase) BETWEEN 1 AND 100),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX spam_phrases_phrase_key ON spam_phrases (lower(phrase))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spam_phrases`);
  }
}
