import type { Lead } from './lead';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How a done task ended: 成交, 有意向, 无意向, 无效信息, 垃圾. */
export const TASK_OUTCOMES = ['won', 'qualified', 'unqualified', 'invalid', 'spam'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The part of its lead a listed task carries (task.repository.ts's list). */
export type TaskLead = Pick<Lead, 'id' | 'name' | 'phone' | 'email' | 'company' | 'requirement' | 'page' | 'receivedAt'> & {
  utm: Record<string, string> | null;
  /** The form it came through, by its current name (null when the form is gone). */
  form?: { slug: string; name: string | null };
};

/** A lead's follow-up task (`follow_up_tasks`, one per lead). */
export interface FollowUpTask {
  id: string;
  leadId: string;
  /** Only on listed tasks. */
  lead?: TaskLead;
  status: TaskStatus;
  assignee: string | null;
  note: string | null;
  dueAt: Date;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
  doneAt: Date | null;
  outcome: TaskOutcome | null;
  // The first touch, recorded once (first-touch.repository.ts); null until then.
  firstTouchAt: Date | null;
  firstTouchBy: string | null;
  responseSeconds: number | null;
  responseBusinessSeconds: number | null;
  // When the current owner got the task (null: at its creation) and how often a silent owner lost it;
  // absent on listed tasks.
  assignedAt?: Date | null;
  reroutes?: number;
}

/** A `follow_up_tasks` row, the columns of TASK_COLUMNS. */
export interface TaskRow {
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
  outcome: TaskOutcome | null;
  first_touch_at: Date | null;
  first_touch_by: string | null;
  response_seconds: number | null;
  response_business_seconds: number | null;
  assigned_at: Date | null;
  reroutes: number;
}

export const TASK_COLUMNS = `id, lead_id, status, assignee, note, due_at, created_at, updated_at, updated_by, done_at, outcome,
  first_touch_at, first_touch_by, response_seconds, response_business_seconds, assigned_at, reroutes`;

// Keys in the order the API has always shown them.
export function taskFromRow(r: TaskRow): FollowUpTask {
  return {
    id: r.id,
    leadId: r.lead_id,
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
    assignedAt: r.assigned_at,
    reroutes: r.reroutes,
  };
}
