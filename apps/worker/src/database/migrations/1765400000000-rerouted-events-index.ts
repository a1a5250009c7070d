import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports' "re-routed away" column reads the re-route events of a range's
 * tasks. Re-routes are a sliver of task_events, so a partial index holding
 * only them lets the report join them as one small aggregate instead of
 * probing the whole history once per lead. Built CONCURRENTLY, outside a
 * transaction, so staff actions keep writing history meanwhile.
 */
export class ReroutedEventsIndex1765400000000 implements MigrationInterface {
  name = 'ReroutedEventsIndex1765400000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS task_events_rerouted_idx`);
    await q.query(`CREATE INDEX CONCURRENTLY task_events_rerouted_idx ON task_events (task_id, at) WHERE action = 'rerouted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS task_events_rerouted_idx`);
  }
}
