import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FollowUpTask, TaskStatus } from '../database/entities/follow-up-task.entity';
import { Lead } from '../database/entities/lead.entity';
import { TaskEvent } from '../database/entities/task-event.entity';
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
}

// Entity instances, so the JSON keeps the shape (and key order) the API has always had.
function listedTaskFromRow(r: ListedTaskRow): FollowUpTask {
  const lead = Object.assign(new Lead(), {
    id: r.lead_id,
    name: r.lead_name,
    phone: r.lead_phone,
    email: r.lead_email,
    company: r.lead_company,
    receivedAt: r.lead_received_at,
    requirement: r.lead_requirement,
    utm: r.lead_utm,
    page: r.lead_page,
  });
  return Object.assign(new FollowUpTask(), {
    id: r.id,
    leadId: r.lead_id,
    lead,
    status: r.status,
    assignee: r.assignee,
    note: r.note,
    dueAt: r.due_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    doneAt: r.done_at,
    firstTouchAt: r.first_touch_at,
    firstTouchBy: r.first_touch_by,
    responseSeconds: r.response_seconds,
    responseBusinessSeconds: r.response_business_seconds,
    outcome: r.outcome,
  });
}

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly touches: FirstTouchRepository,
  ) {}

  /** One page of tasks (see taskListQuery), each with its lead's name, company, phone, email and arrival. */
  async list(q: TaskQuery): Promise<FollowUpTask[]> {
    const { sql, params } = taskListQuery(q);
    const rows: ListedTaskRow[] = await this.db.query(sql, params);
    return rows.map(listedTaskFromRow);
  }

  async findByLead(leadId: string): Promise<FollowUpTask | null> {
    return this.db.getRepository(FollowUpTask).findOne({ where: { leadId } });
  }

  async history(taskId: string): Promise<TaskEvent[]> {
    return this.db.getRepository(TaskEvent).find({ where: { taskId }, order: { at: 'ASC', id: 'ASC' } });
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
      const task = await m.getRepository(FollowUpTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) return null;
      const before = task.assignee;
      const { touchedBy, ...draft } = apply(task);
      // A new owner's CLAIM_WITHIN_MINUTES counts from now (leads/reroute.repository.ts).
      if (task.assignee !== before) task.assignedAt = new Date();
      const event = m.getRepository(TaskEvent).create({ ...draft, taskId: id });
      await m.getRepository(TaskEvent).save(event);
      const changed = await m.getRepository(FollowUpTask).save(task);
      if (touchedBy) touch = await this.touches.record(m, changed, touchedBy);
      return changed;
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
    const rows: DueTaskRow[] = await this.db.query(DUE_SQL, [
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
