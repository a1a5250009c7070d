import type { TaskStatus } from '../../database/entities/follow-up-task.entity';
import { ALLOWED_TRANSITIONS } from '../task-transitions';

/**
 * Which buttons a task shows, on the board and the lead page alike (server
 * views and browser script): derived from the transitions the API allows,
 * so a button never offers what PATCH /admin/tasks/:id would refuse.
 */

export type TaskAction = 'claim' | 'done' | 'note' | 'assign' | 'reopen';

export interface TaskState {
  status: string;
  assignee: string | null;
}

function allowed(status: string): readonly TaskStatus[] {
  // hasOwnProperty rather than Object.hasOwn: the browser bundle targets ES2018.
  return Object.prototype.hasOwnProperty.call(ALLOWED_TRANSITIONS, status) ? ALLOWED_TRANSITIONS[status as TaskStatus] : [];
}

/** Open or in progress: someone still has to act. */
export function isActive(status: string): boolean {
  return status === 'open' || status === 'in_progress';
}

/** The actions on `task` for the signed-in `me`, in the order they are shown. */
export function taskActions(task: TaskState, me: string): TaskAction[] {
  const next = allowed(task.status);
  const actions: TaskAction[] = [];
  // Claiming: start it, or take over an in-progress task someone else has.
  if (isActive(task.status) && (next.includes('in_progress') || task.assignee !== me)) actions.push('claim');
  if (next.includes('done')) actions.push('done');
  actions.push('note');
  // Reassigning a finished task is refused until it is reopened.
  if (isActive(task.status)) actions.push('assign');
  if (!isActive(task.status) && next.includes('open')) actions.push('reopen');
  return actions;
}

/** Who a task can be assigned to: everyone named once, and the current assignee even if no longer listed. */
export function assigneeChoices(names: readonly string[], current: string | null): string[] {
  const choices: string[] = [];
  for (const name of [...names, current]) if (name && !choices.includes(name)) choices.push(name);
  return choices;
}
