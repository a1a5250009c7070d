/** One change to a follow-up task (`task_events`): who, when, from, to, and why. */
export interface TaskEvent {
  /** A bigint, as text. */
  id: string;
  taskId: string;
  at: Date;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  fromAssignee: string | null;
  toAssignee: string | null;
  note: string | null;
}

export interface TaskEventRow {
  id: string;
  task_id: string;
  at: Date;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  from_assignee: string | null;
  to_assignee: string | null;
  note: string | null;
}

export const TASK_EVENT_COLUMNS = `id, task_id, at, actor, action, from_status, to_status, from_assignee, to_assignee, note`;

export function taskEventFromRow(r: TaskEventRow): TaskEvent {
  return {
    id: r.id,
    taskId: r.task_id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    fromAssignee: r.from_assignee,
    toAssignee: r.to_assignee,
    note: r.note,
  };
}
