import { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 5000;

// One batch of existing tasks whose lead came through a form other than
// `default`; each statement commits on its own (no transaction), so staff
// and intake wait on at most BATCH row locks at a time.
const BACKFILL_SQL = `
WITH batch AS (
  SELECT t.id, lf.form_slug
    FROM lead_forms lf JOIN follow_up_tasks t ON t.lead_id = lf.lead_id
   WHERE lf.form_slug <> 'default' AND t.form_slug IS NULL
   LIMIT ${BATCH}
), done AS (
  UPDATE follow_up_tasks t SET form_slug = b.form_slug FROM batch b WHERE t.id = b.id RETURNING 1
)
SELECT count(*)::int AS n FROM done`;

/**
 * Fills in the form of tasks stored before 1765530000000, then indexes the
 * tasks of every form but `default` by (form, status, due time, id): the
 * board's `?form=` walks it in due order and stops after a page, whatever
 * the form's size. Partial (default-form tasks are left out), so it holds
 * only what the filter needs; `?form=default` keeps walking
 * follow_up_tasks_status_due_idx. Built CONCURRENTLY, outside a
 * transaction, so intake keeps inserting tasks meanwhile.
 */
export class TaskFormIndex1765530000001 implements MigrationInterface {
  name = 'TaskFormIndex1765530000001';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (;;) {
      const [{ n }]: { n: number }[] = await q.query(BACKFILL_SQL);
      if (n < BATCH) break;
    }
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS follow_up_tasks_form_status_due_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY follow_up_tasks_form_status_due_idx
         ON follow_up_tasks (form_slug, status, due_at, id) WHERE form_slug IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // TypeORM reverts in a transaction, where CONCURRENTLY is refused; dropping takes a moment's lock only.
    await q.query(`DROP INDEX IF EXISTS follow_up_tasks_form_status_due_idx`);
  }
}
