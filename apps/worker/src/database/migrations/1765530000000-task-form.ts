import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task remembers its lead's form (`follow_up_tasks.form_slug`; null: the
 * `default` form), so the board lists one form's tasks by walking an index
 * in due order (1765530000001) instead of probing `lead_forms` for every
 * task it passes. Set with the lead's `lead_forms` row (FormRepository.attachLead)
 * and when a held lead is released (SpamRepository).
 *
 * Nullable without a default: a catalogue-only change, no rewrite of the
 * table. Existing tasks are filled in by the next migration, in batches
 * outside this transaction, so this one holds its lock for a moment only.
 */
export class TaskForm1765530000000 implements MigrationInterface {
  name = 'TaskForm1765530000000';

  async up(q: QueryRunner): Promise<void> {
    // Give up rather than queue behind a long query with every intake queued behind this ALTER.
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE follow_up_tasks ADD COLUMN form_slug text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up_tasks DROP COLUMN form_slug`);
  }
}
