import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a salesperson may read, listed from indexes (LeadSearchRepository
 * starts a salesperson's search from those leads when they are few): their
 * own tasks have follow_up_tasks_assignee_idx; these add the unassigned tasks
 * and the held (quarantined) leads, which have no task. Both partial: with
 * leads assigned at arrival an unassigned task is rare, and a held lead
 * leaves the index when it is released or erased. Built CONCURRENTLY,
 * outside a transaction, so intake keeps inserting meanwhile.
 */
export class SalesSearchIndexes1765560000000 implements MigrationInterface {
  name = 'SalesSearchIndexes1765560000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS follow_up_tasks_unassigned_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY follow_up_tasks_unassigned_idx ON follow_up_tasks (lead_id) WHERE assignee IS NULL`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS leads_held_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY leads_held_idx ON leads (id) WHERE quarantined AND erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS leads_held_idx`);
    await q.query(`DROP INDEX IF EXISTS follow_up_tasks_unassigned_idx`);
  }
}
