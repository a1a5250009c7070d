import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { FollowUpTask, TASK_COLUMNS, taskFromRow, TaskRow } from './follow-up-task';
import { ContactResult, contactAction } from './contact-attempt';
import { FirstTouch, FirstTouchRepository } from './first-touch.repository';

/** One recorded call or message to the customer. */
export interface ContactAttempt {
  /** The history row's id. */
  id: string;
  leadId: string;
  taskId: string;
  result: ContactResult;
  note: string | null;
  by: string;
  at: Date;
  /** True when this attempt was the lead's first touch. */
  firstTouch: boolean;
}

const INSERT_EVENT_SQL = `
INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee, note)
VALUES ($1, $2, $3, $4, $4, $5, $5, $6)
RETURNING id, at`;

/** Contact attempts: rows of the lead's task history (`task_events`), each possibly its first touch. */
@Injectable()
export class ContactLogRepository {
  constructor(
    private readonly db: Db,
    private readonly touches: FirstTouchRepository,
  ) {}

  /**
   * Records an attempt on the lead's task under its row lock; `check` sees
   * the task first and throws to refuse. Null when there is no such lead (or
   * it was erased).
   */
  async record(
    leadId: string,
    attempt: { by: string; result: ContactResult; note: string | null },
    check: (task: FollowUpTask) => void,
  ): Promise<ContactAttempt | null> {
    let touch: FirstTouch | null = null;
    const recorded = await this.db.transaction(async (m) => {
      const [row] = await m.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM follow_up_tasks WHERE lead_id = $1 FOR UPDATE`, [leadId]);
      if (!row) return null;
      const task = taskFromRow(row);
      const [lead]: { erased: boolean }[] = await m.query(`SELECT erased_at IS NOT NULL AS erased FROM leads WHERE id = $1`, [
        leadId,
      ]);
      if (!lead || lead.erased) return null;
      check(task);
      const [event]: { id: string; at: Date }[] = await m.query(INSERT_EVENT_SQL, [
        task.id,
        attempt.by,
        contactAction(attempt.result),
        task.status,
        task.assignee,
        attempt.note,
      ]);
      await m.query(`UPDATE follow_up_tasks SET updated_at = now(), updated_by = $2 WHERE id = $1`, [task.id, attempt.by]);
      touch = await this.touches.record(m, task, attempt.by);
      return {
        id: String(event.id),
        leadId,
        taskId: task.id,
        result: attempt.result,
        note: attempt.note,
        by: attempt.by,
        at: new Date(event.at),
        firstTouch: touch !== null,
      };
    });
    this.touches.observe(touch);
    return recorded;
  }
}
