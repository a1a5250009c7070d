import { DEFAULT_FORM_SLUG } from '@app/contracts';
import type { TaskStatus } from './follow-up-task';

/** What a task listing asks for (the staff API's filters). */
export interface TaskListFilter {
  status?: TaskStatus;
  overdue?: boolean;
  assignee?: string;
  unassigned?: boolean;
  doneToday?: boolean;
  /** Only active tasks due from `from` (included) to `to` (excluded): "due today", with the business day's bounds. */
  dueWithin?: { from: Date; to: Date };
  /** Only this login's tasks and unassigned ones (what a salesperson sees). */
  visibleTo?: string;
  /** Only tasks of leads that came through this form (a slug; `default`: through no other). */
  form?: string;
  limit: number;
  cursor?: { dueAt: string; id: string };
}

const ACTIVE: TaskStatus[] = ['open', 'in_progress'];

/** The statuses a listing covers: one, done (today's), or the active two; overdue and due today keep only active ones. */
export function listedStatuses(f: TaskListFilter): TaskStatus[] {
  const statuses: TaskStatus[] = f.status ? [f.status] : f.doneToday ? ['done'] : ACTIVE;
  return f.overdue || f.dueWithin ? statuses.filter((s) => ACTIVE.includes(s)) : statuses;
}

/**
 * One page of tasks, by due time then id, with the lead's summary columns.
 *
 * Each status is its own branch `WHERE status = … ORDER BY due_at, id LIMIT n`:
 * a walk along follow_up_tasks_status_due_idx that stops after n rows,
 * however many done tasks years have left behind; two statuses are two such
 * walks merged. (One `status IN (…)` condition, or the same status twice,
 * made the planner sort every match first: seconds at a million tasks.)
 * The leads are joined to the page only. "Done today" starts from today's
 * done_at (follow_up_tasks_done_at_idx) and sorts those few. One form's
 * tasks are a walk of follow_up_tasks_form_status_due_idx (form, status,
 * due_at, id), the default form's the status walk skipping the others';
 * a slug no task carries finds nothing.
 */
export function taskListQuery(f: TaskListFilter): { sql: string; params: unknown[] } {
  const statuses = listedStatuses(f);
  if (statuses.length === 0) return { sql: 'SELECT NULL WHERE false', params: [] };
  const params: unknown[] = [f.limit];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (!f.status && f.doneToday) {
    where.push(`t.done_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`);
  }
  if (f.overdue) where.push('t.due_at < now()');
  // Both bounds on due_at: each status branch is a range of follow_up_tasks_status_due_idx.
  if (f.dueWithin) where.push(`t.due_at >= ${param(f.dueWithin.from)}`, `t.due_at < ${param(f.dueWithin.to)}`);
  if (f.assignee) where.push(`t.assignee = ${param(f.assignee)}`);
  if (f.unassigned) where.push('t.assignee IS NULL');
  if (f.visibleTo) where.push(`(t.assignee = ${param(f.visibleTo)} OR t.assignee IS NULL)`);
  if (f.form === DEFAULT_FORM_SLUG) where.push('t.form_slug IS NULL');
  else if (f.form) where.push(`t.form_slug = ${param(f.form)}`);
  if (f.cursor) {
    // The first condition is the row comparison's bound, in a form the index can start from.
    const dueAt = param(f.cursor.dueAt);
    where.push(`t.due_at >= ${dueAt}::timestamptz`, `(t.due_at, t.id) > (${dueAt}::timestamptz, ${param(f.cursor.id)}::uuid)`);
  }
  const branches = statuses.map(
    (s) => `(SELECT t.* FROM follow_up_tasks t
              WHERE ${[`t.status = ${param(s)}`, ...where].join(' AND ')}
              ORDER BY t.due_at, t.id LIMIT $1)`,
  );
  const sql = `
SELECT t.id, t.lead_id, t.status, t.assignee, t.note, t.due_at, t.created_at, t.updated_at, t.updated_by, t.done_at,
       t.first_touch_at, t.first_touch_by, t.response_seconds, t.response_business_seconds, t.outcome,
       l.name AS lead_name, l.company AS lead_company, l.phone AS lead_phone, l.email AS lead_email,
       l.received_at AS lead_received_at, l.requirement AS lead_requirement, l.utm AS lead_utm, l.page AS lead_page,
       coalesce(t.form_slug, '${DEFAULT_FORM_SLUG}') AS form_slug, fm.name AS form_name
  FROM (${branches.join(' UNION ALL ')}) t
  JOIN leads l ON l.id = t.lead_id
  LEFT JOIN forms fm ON fm.slug = coalesce(t.form_slug, '${DEFAULT_FORM_SLUG}')
 ORDER BY t.due_at, t.id
 LIMIT $1`;
  return { sql, params };
}
