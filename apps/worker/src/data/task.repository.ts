import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { FollowUpTask, TASK_COLUMNS, taskFromRow, TaskRow, TaskStatus } from './follow-up-task';
import type { Lead } from './lead';
import { TASK_EVENT_COLUMNS, TaskEvent, taskEventFromRow, TaskEventRow } from './task-event';
import { leadFromRow, LeadRow } from './lead-row';
import { FirstTouch, FirstTouchRepository } from './first-touch.repository';
import { destinationKeySuffix, LedgerChannel, TaskNoticeLevel, taskNoticeKeyPrefix } from './ledger-key';
import { TaskListFilter, taskListQuery } from './task-list.query';

export type TaskQuery = TaskListFilter;

/** A change to record in a task's history; the task id and time are filled in. */
export type TaskEventDraft = Omit<TaskEvent, 'id' | 'taskId' | 'at'>;

/** A change as `update` takes it: with `touchedBy`, the person whose change is a touch of the lead (recorded if its first). */
export type TaskChangeDraft = TaskEventDraft & { touchedBy?: string | null };

/** An overdue task nobody acted on, with its lead. */
export interface DueTask {
  id: string;
  dueAt: Date;
  assignee: string | null;
  lead: Lead;
}

interface DueTaskRow {
  id: string;
  due_at: Date;
  assignee: string | null;
  lead: LeadRow;
}

interface ListedTaskRow {
  id: string;
  lead_id: string;
  status: TaskStatus;
  assignee: string | null;
  note: string | null;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  done_at: Date | null;
  first_touch_at: Date | null;
  first_touch_by: string | null;
  response_seconds: number | null;
  response_business_seconds: number | null;
  outcome: FollowUpTask['outcome'];
  lead_name: string;
  lead_company: string | null;
  lead_phone: string | null;
  lead_email: string | null;
  lead_received_at: Date;
  lead_requirement: string;
  lead_utm: Record<string, string> | null;
  lead_page: string | null;
  form_slug: string;
  form_name: string | null;
}

// Keys in the order the API has always shown them.
function listedTaskFromRow(r: ListedTaskRow): FollowUpTask {
  return {
    id: r.id,
    leadId: r.lead_id,
    lead: {
      id: r.lead_id,
      name: r.lead_name,
      phone: r.lead_phone,
      email: r.lead_email,
      company: r.lead_company,
      requirement: r.lead_requirement,
      utm: r.lead_utm,
      page: r.lead_page,
      receivedAt: r.lead_received_at,
      form: { slug: r.form_slug, name: r.form_name },
    },
    status: r.status,
    assignee: r.assignee,
    note: r.note,
    dueAt: r.due_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    doneAt: r.done_at,
    outcome: r.outcome,
    firstTouchAt: r.first_touch_at,
    firstTouchBy: r.first_touch_by,
    responseSeconds: r.response_seconds,
    responseBusinessSeconds: r.response_business_seconds,
  };
}

const INSERT_EVENT_SQL = `
INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee, note)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

// The columns a change may set (admin-tasks.service.ts); the first touch is MARK_SQL's (first-touch.repository.ts).
const SAVE_SQL = `
UPDATE follow_up_tasks SET status = $2, assignee = $3, note = $4, done_at = $5, outcome = $6, updated_at = $7,
       updated_by = $8, assigned_at = $9
 WHERE id = $1`;

function dueTaskFromRow(row: DueTaskRow): DueTask {
  return { id: row.id, dueAt: new Date(row.due_at), assignee: row.assignee, lead: leadFromRow(row.lead) };
}

// Tasks past their due time (plus a grace for escalation) that nobody has
// acted on, whose notice of this level has not gone out (or is in flight;
// for a robot or webhook, whose row exists at all: its own job sees it through).
// "Acted on" = still open with no recorded change other than (un)assigning
// it or handing it over: giving a task to someone routes its reminder to
// them, any other step (claim, note, done, cancel) stops the reminders.
const DUE_SQL = `
SELECT t.id, t.due_at, t.assignee, to_jsonb(l) AS lead
  FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id
 WHERE t.status = 'open' AND l.erased_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM task_events e
                    WHERE e.task_id = t.id AND e.action NOT IN ('assigned', 'unassigned', 'handed-over', 'account-linked', 'rerouted'))
   AND t.due_at < now() - make_interval(mins => $1::int)
   AND NOT EXISTS (SELECT 1 FROM notifications n
                    WHERE n.dedupe_key = $2 || t.id::text || $4 AND n.status = ANY($5::text[]))
 ORDER BY t.due_at LIMIT $3`;

/** The `follow_up_tasks` table and each task's history (`task_events`). */
@Injectable()
export class TaskRepository {
  constructor(
    private readonly db: Db,
    private readonly touches: FirstTouchRepository,
  ) {}

  /** One page of tasks (see taskListQuery), each with its lead's name, company, phone, email and arrival. */
  async list(q: TaskQuery): Promise<FollowUpTask[]> {
    const { sql, params } = taskListQuery(q);
    const rows = await this.db.query<ListedTaskRow>(sql, params);
    return rows.map(listedTaskFromRow);
  }

  async findByLead(leadId: string): Promise<FollowUpTask | null> {
    const rows = await this.db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM follow_up_tasks WHERE lead_id = $1`, [leadId]);
    return rows.length ? taskFromRow(rows[0]) : null;
  }

  async history(taskId: string): Promise<TaskEvent[]> {
    const rows = await this.db.query<TaskEventRow>(
      `SELECT ${TASK_EVENT_COLUMNS} FROM task_events WHERE task_id = $1 ORDER BY at, id`,
      [taskId],
    );
    return rows.map(taskEventFromRow);
  }

  /**
   * Changes a task under a row lock: `apply` checks and changes the task
   * (throwing to refuse) and returns the event to record; both are saved
   * in one transaction, with the lead's first touch when the change is one.
   * Null when there is no such task.
   */
  async update(id: string, apply: (task: FollowUpTask) => TaskChangeDraft): Promise<FollowUpTask | null> {
    let touch: FirstTouch | null = null;
    const saved = await this.db.transaction(async (m) => {
      const [row] = await m.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM follow_up_tasks WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return null;
      const task = taskFromRow(row);
      const before = task.assignee;
      const { touchedBy, ...draft } = apply(task);
      // A new owner's CLAIM_WITHIN_MINUTES counts from now (leads/reroute.repository.ts).
      if (task.assignee !== before) task.assignedAt = new Date();
      await m.query(INSERT_EVENT_SQL, [
        id,
        draft.actor,
        draft.action,
        draft.fromStatus,
        draft.toStatus,
        draft.fromAssignee,
        draft.toAssignee,
        draft.note,
      ]);
      await m.query(SAVE_SQL, [
        id,
        task.status,
        task.assignee,
        task.note,
        task.doneAt,
        task.outcome,
        task.updatedAt,
        task.updatedBy,
        task.assignedAt,
      ]);
      if (touchedBy) touch = await this.touches.record(m, task, touchedBy);
      return task;
    });
    this.touches.observe(touch);
    return saved;
  }

  /**
   * Overdue, untouched open tasks whose `level` notice on `channel` (to
   * `destination`, for a robot or webhook) has not gone out.
   */
  async dueForNotice(
    channel: LedgerChannel,
    level: TaskNoticeLevel,
    graceMinutes: number,
    limit: number,
    destination?: string,
  ): Promise<DueTask[]> {
    const settled = destination ? ['pending', 'sending', 'sent', 'failed', 'batched'] : ['sent', 'sending'];
    const rows = await this.db.query<DueTaskRow>(DUE_SQL, [
      graceMinutes,
      taskNoticeKeyPrefix(channel, level),
      limit,
      destinationKeySuffix(destination),
      settled,
    ]);
    return rows.map(dueTaskFromRow);
  }

  /** Open and in-progress task counts, plus how many of them are overdue. */
  async backlog(): Promise<{ status: string; n: number }[]> {
    return this.db.query(
      `SELECT status, count(*)::int AS n FROM follow_up_tasks WHERE status IN ('open', 'in_progress') GROUP BY status
       UNION ALL SELECT 'overdue', count(*)::int FROM follow_up_tasks WHERE status IN ('open', 'in_progress') AND due_at < now()`,
    );
  }
}
