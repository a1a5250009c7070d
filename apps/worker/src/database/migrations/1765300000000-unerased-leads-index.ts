import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention purge's walk over leads still to erase, oldest first. Only
 * rows with `erased_at IS NULL` are in it, so a purge never steps over the
 * leads it (or an erasure request) already blanked: its cost follows the
 * leads due, not the table. Built CONCURRENTLY, outside a transaction, so
 * intake keeps inserting into `leads` while it builds.
 */
export class UnerasedLeadsIndex1765300000000 implements MigrationInterface {
  name = 'UnerasedLeadsIndex1765300000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_unerased_received_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY leads_unerased_received_idx ON leads (received_at, id) WHERE erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS leads_unerased_received_idx`);
  }
}
