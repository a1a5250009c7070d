import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `leads.spam_confirmed`: staff's latest verdict on the lead is spam. The
 * verdict itself, with the words the model learnt, stays in spam_verdicts;
 * this copy on the row lets the spam tab's partial index (1765540000001)
 * leave confirmed spam out, so `GET /admin/spam` walks only the leads that
 * still wait for a verdict instead of every lead ever held. A new column
 * with a constant default: a catalogue-only change, instant on any size of
 * table; the lock it needs is brief, and given up after 5 s rather than
 * queued behind a long query with every intake behind it.
 */
export class SpamConfirmed1765540000000 implements MigrationInterface {
  name = 'SpamConfirmed1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE leads ADD COLUMN spam_confirmed boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE leads DROP COLUMN spam_confirmed`);
  }
}
