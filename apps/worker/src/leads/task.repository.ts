import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FollowUpTask, TaskStatus } from '../database/entities/follow-up-task.entity';
import { Lead } from '../database/entities/lead.entity';
import { TaskEvent } from '../database/entities/task-event.entity';
import { leadFromRow, LeadRow } from './lead-row';
import { destinationKeySuffix, LedgerChannel, TaskNoticeLevel, taskNoticeKeyPrefix } from './ledger-key';

export interface TaskQuery {
  status?: TaskStatus;
  overdue?: boolean;
  assignee?: string;
  unassigned?: boolean;
  doneToday?: boolean;
  /** Only this login's tasks and unassigned ones (what a salesperson sees). */
  visibleTo?: string;
  limit: number;
  cursor?: { dueAt: string; id: string };
}

/** A change to record in a task's history; the task id and time are filled in. */
export type TaskEventDraft = Omit<TaskEvent, 'id' | 'taskId' | 'at'>;

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
                    WHERE e.task_id = t.id AND e.action NOT IN ('assigned', 'unassigned', 'handed-over', 'account-linked'))
   AND t.due_at < now() - make_interval(mins => $1::int)
   AND NOT EXISTS (SELECT 1 FROM notifications n
                    WHERE n.dedupe_key = $2 || t.id::text || $4 AND n.status = ANY($5::text[]))
 ORDER BY t.due_at LIMIT $3`;

/** The `follow_up_tasks` table and each task's history (`task_events`). */
@Injectable()
export class TaskRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: TaskQuery): Promise<FollowUpTask[]> {
    const qb = this.db
      .getRepository(FollowUpTask)
      .createQueryBuilder('t')
      .innerJoin('t.lead', 'l')
      .addSelect(['l.id', 'l.name', 'l.company', 'l.phone', 'l.email', 'l.receivedAt', 'l.requirement', 'l.utm', 'l.page'])
      .orderBy('t.dueAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(q.limit);
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    else if (q.doneToday)
      qb.andWhere(
        `t.status = 'done' AND t.doneAt >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`,
      );
    else qb.andWhere(`t.status IN ('open', 'in_progress')`);
    if (q.overdue) qb.andWhere(`t.dueAt < now() AND t.status IN ('open', 'in_progress')`);
    if (q.assignee) qb.andWhere('t.assignee = :assignee', { assignee: q.assignee });
    if (q.unassigned) qb.andWhere('t.assignee IS NULL');
    if (q.visibleTo) qb.andWhere('(t.assignee = :me OR t.assignee IS NULL)', { me: q.visibleTo });
    if (q.cursor) qb.andWhere('(t.dueAt, t.id) > (:dueAt, :id)', q.cursor);
    return qb.getMany();
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
   * in one transaction. Null when there is no such task.
   */
  async update(id: string, apply: (task: FollowUpTask) => TaskEventDraft): Promise<FollowUpTask | null> {
    return this.db.transaction(async (m) => {
      const task = await m.getRepository(FollowUpTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) return null;
      const event = m.getRepository(TaskEvent).create({ ...apply(task), taskId: id });
      await m.getRepository(TaskEvent).save(event);
      return m.getRepository(FollowUpTask).save(task);
    });
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
