import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Done tasks by the time they were done, for the board's "done today":
 * without it, finding today's few meant walking every done task in due
 * order (nearly all of them, after years).
 *
 * Built CONCURRENTLY, outside a transaction, so intake keeps inserting
 * tasks while it builds. A build that fails half-way leaves an invalid
 * index of the same name behind, which the next attempt drops first.
 */
export class TaskDoneIndex1764700000000 implements MigrationInterface {
  name = 'TaskDoneIndex1764700000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS follow_up_tasks_done_at_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY follow_up_tasks_done_at_idx ON follow_up_tasks (done_at) WHERE status = 'done'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS follow_up_tasks_done_at_idx`);
  }
}
