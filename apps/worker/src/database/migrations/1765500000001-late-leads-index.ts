import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads stored more than 15 minutes after they arrived (a backlog after an
 * outage, a dead letter replayed days later) may land in a day the report
 * rollup has already built, and no trigger watches inserts (storing a lead
 * must pay nothing). This partial index holds only those late leads, by
 * arrival: the rollup counts a day's late leads when it builds the day, and
 * a day holding more of them now is read live (an index-only probe, nearly
 * always empty). The insert of an ordinary lead only evaluates the predicate.
 * Built CONCURRENTLY, outside a transaction, so intake goes on meanwhile.
 */
export class LateLeadsIndex1765500000001 implements MigrationInterface {
  name = 'LateLeadsIndex1765500000001';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_late_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY leads_late_idx ON leads (received_at) INCLUDE (created_at)
        WHERE created_at - received_at > interval '15 minutes'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS leads_late_idx`);
  }
}
