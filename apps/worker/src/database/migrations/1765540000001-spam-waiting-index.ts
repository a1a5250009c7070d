import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The spam tab's list (`GET /admin/spam`): held leads still waiting for a
 * verdict, newest first. leads_quarantined_idx held every lead ever
 * quarantined, confirmed spam included, and the list skipped the confirmed
 * ones by probing spam_verdicts row by row: once staff had confirmed most
 * of the spam, one request walked all of it (16,947 rows, 124 ms at 200,000
 * leads; docs/performance.md). The new index holds only the waiting ones,
 * so the walk reads what it returns.
 *
 * First the leads already confirmed as spam get their flag (by autocommit,
 * a row lock each, no lock on the table; rerun safely), then the index is
 * built CONCURRENTLY, outside a transaction, so intake keeps inserting into
 * `leads` while it builds; the old index goes last.
 */
export class SpamWaitingIndex1765540000001 implements MigrationInterface {
  name = 'SpamWaitingIndex1765540000001';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE leads l SET spam_confirmed = true
        FROM spam_verdicts v
       WHERE v.lead_id = l.id AND v.verdict = 'spam' AND NOT l.spam_confirmed`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_spam_waiting_idx`);
    await q.query(`
      CREATE INDEX CONCURRENTLY leads_spam_waiting_idx ON leads (received_at DESC)
       WHERE quarantined AND NOT spam_confirmed AND erased_at IS NULL`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_quarantined_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused, and a
    // plain build would hold every insert into leads for its length: a release
    // before this one wants leads_quarantined_idx back, built by hand first
    // (1764910000000's statement, CONCURRENTLY). Dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS leads_spam_waiting_idx`);
  }
}
