import { TASK_OUTCOMES, TaskOutcome, TaskStatus } from '../data/follow-up-task';
import type { TaskChange } from './task-transitions';

/** `outcome` from a PATCH body: one of the five, or null to clear it; a message when it is neither. */
export function parseOutcome(value: unknown): { outcome: TaskOutcome | null } | { problem: string } {
  if (value === null) return { outcome: null };
  if (typeof value === 'string' && (TASK_OUTCOMES as readonly string[]).includes(value)) return { outcome: value as TaskOutcome };
  return { problem: `outcome must be one of ${TASK_OUTCOMES.join(', ')} (or null)` };
}

/** An outcome belongs to a done task: given with `status: "done"`, or to correct a task that is done. */
export function outcomeProblem(current: { status: TaskStatus }, change: TaskChange): string | null {
  if (change.outcome === undefined || change.outcome === null) return null;
  const status = change.status ?? current.status;
  return status === 'done' ? null : 'an outcome is given when the task is marked done';
}

/** The task's outcome after the change: leaving done clears it. */
export function outcomeAfter(current: { outcome: TaskOutcome | null }, change: TaskChange): TaskOutcome | null {
  if (change.outcome !== undefined) return change.outcome;
  if (change.status !== undefined && change.status !== 'done') return null;
  return current.outcome;
}

/**
 * Whether a change makes the task's outcome spam: a staff verdict on the
 * lead, taught to the model as `POST /admin/leads/:id/spam` teaches it. Once
 * only: a task already closed as spam, edited again, teaches nothing new.
 */
export function becomesSpam(before: TaskOutcome | null, after: TaskOutcome | null): boolean {
  return after === 'spam' && before !== 'spam';
}

// The first staff action on a lead: claiming, starting, a note, done (and,
// outside this module, a logged contact attempt). Handing a task to someone
// or cancelling it is no contact with the customer.
const TOUCH_ACTIONS = new Set(['claimed', 'started', 'noted', 'done']);

/** Whether a change (named by its history action) is a touch of the lead. */
export function isTouch(action: string, change: TaskChange): boolean {
  return TOUCH_ACTIONS.has(action) || Boolean(change.note?.trim());
}
