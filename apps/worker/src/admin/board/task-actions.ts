import type { TaskStatus } from '../../data/follow-up-task';
import { ALLOWED_TRANSITIONS } from '../task-transitions';
import { mayActOnTask, type BoardRole } from './role-rules';

/**
 * Which buttons a task shows, on the board and the lead page alike (server
 * views and browser script): derived from the transitions the API allows,
 * so a button never offers what PATCH /admin/tasks/:id would refuse.
 */

export type TaskAction = 'claim' | 'start' | 'done' | 'note' | 'assign' | 'reopen';

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

/**
 * The actions on `task` for the signed-in `me` with `role`, in the order
 * they are shown; none on a colleague's task for sales (the API refuses them).
 */
export function taskActions(task: TaskState, me: string, role: BoardRole = 'admin'): TaskAction[] {
  if (!mayActOnTask(role, me, task.assignee)) return [];
  const next = allowed(task.status);
  const actions: TaskAction[] = [];
  // Already mine and open: start it. Otherwise claiming takes it (and starts
  // it), or takes over an in-progress task someone else has.
  if (task.status === 'open' && task.assignee === me && next.includes('in_progress')) actions.push('start');
  else if (isActive(task.status) && (next.includes('in_progress') || task.assignee !== me)) actions.push('claim');
  if (next.includes('done')) actions.push('done');
  actions.push('note');
  // Reassigning a finished task is refused until it is reopened.
  if (isActive(task.status)) actions.push('assign');
  if (!isActive(task.status) && next.includes('open')) actions.push('reopen');
  return actions;
}

/**
 * Where each control sits in a task's row of buttons: the same place
 * whatever else the task offers, so a button never slides under a thumb
 * when the one before it goes away (claimed, a claim's button is gone and
 * "done" stays where it was). An empty place keeps its space.
 */
export const ACTION_SLOTS: readonly (readonly TaskAction[])[] = [['claim', 'start', 'reopen'], ['done'], ['note'], ['assign']];

/** The actions laid out in ACTION_SLOTS: one per slot, null where the task offers none. */
export function actionSlots(actions: readonly TaskAction[]): (TaskAction | null)[] {
  return ACTION_SLOTS.map((slot) => slot.find((a) => actions.includes(a)) ?? null);
}

/** Who a task can be assigned to: everyone named once, and the current assignee even if no longer listed. */
export function assigneeChoices(names: readonly string[], current: string | null): string[] {
  const choices: string[] = [];
  for (const name of [...names, current]) if (name && !choices.includes(name)) choices.push(name);
  return choices;
}
