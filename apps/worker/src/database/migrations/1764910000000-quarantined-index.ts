import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The spam tab's list of quarantined leads, newest first. Built
 * CONCURRENTLY, outside a transaction, so intake keeps inserting into
 * `leads` while it builds; the index holds only quarantined rows.
 */
export class QuarantinedIndex1764910000000 implements MigrationInterface {
  name = 'QuarantinedIndex1764910000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_quarantined_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY leads_quarantined_idx ON leads (received_at DESC) WHERE quarantined`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS leads_quarantined_idx`);
  }
}
