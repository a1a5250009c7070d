import { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 5000;

// One batch of lead_forms rows, in key order after the last batch's (a walk
// of its primary key, each row read once), setting the form of their tasks
// (`default` stays null). Each statement commits on its own (no
// transaction), so staff and intake wait on at most BATCH row locks at a time.
const BACKFILL_SQL = `
WITH batch AS (
  SELECT lead_id, form_slug FROM lead_forms WHERE $1::uuid IS NULL OR lead_id > $1 ORDER BY lead_id LIMIT ${BATCH}
), marked AS (
  UPDATE follow_up_tasks t SET form_slug = b.form_slug FROM batch b
   WHERE t.lead_id = b.lead_id AND b.form_slug <> 'default' AND t.form_slug IS NULL
  RETURNING 1
)
SELECT (SELECT count(*) FROM batch)::int AS n, (SELECT lead_id FROM batch ORDER BY lead_id DESC LIMIT 1) AS last`;

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
    let last: string | null = null;
    for (;;) {
      const [batch]: { n: number; last: string | null }[] = await q.query(BACKFILL_SQL, [last]);
      if (batch.n < BATCH) break;
      last = batch.last;
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
