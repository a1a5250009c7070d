import type { TaskOutcome, TaskStatus } from '../data/follow-up-task';

/** Where a task may go from each status. Done and cancelled can be reopened. */
export const ALLOWED_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export interface TaskChange {
  status?: TaskStatus;
  assignee?: string | null;
  note?: string;
  /** How a done task ended (task-outcome.ts); null clears it. */
  outcome?: TaskOutcome | null;
}

/**
 * Whether a change that closes a task says what came of it: a note of what
 * was agreed, or an outcome (成交, 有意向, …) picked in one tap. The board's
 * done dialog asks the same before it posts.
 */
export function saysWhatCameOfIt(change: { note?: string; outcome?: string | null }): boolean {
  return Boolean(change.note?.trim()) || Boolean(change.outcome);
}

export type TransitionProblem = { kind: 'conflict'; message: string } | { kind: 'invalid'; message: string };

/**
 * Checks a requested change against the task as it is. Pure, so the rules
 * are stated (and tested) in one place.
 */
export function checkTransition(current: { status: TaskStatus }, change: TaskChange): TransitionProblem | null {
  if (change.status !== undefined && change.status !== current.status) {
    if (!ALLOWED_TRANSITIONS[current.status].includes(change.status)) {
      return { kind: 'conflict', message: `a ${current.status} task cannot become ${change.status}` };
    }
    if (change.status === 'done' && !saysWhatCameOfIt(change)) {
      return { kind: 'invalid', message: 'marking a task done needs a note of what was agreed or an outcome' };
    }
  }
  if (
    change.status !== undefined &&
    change.status === current.status &&
    change.assignee === undefined &&
    change.note === undefined
  ) {
    return { kind: 'conflict', message: `the task is already ${current.status}` };
  }
  if (
    (current.status === 'done' || current.status === 'cancelled') &&
    change.status === undefined &&
    change.assignee !== undefined
  ) {
    return { kind: 'conflict', message: `reopen the ${current.status} task before reassigning it` };
  }
  return null;
}

/** The history action that best names a change. */
export function actionOf(current: { status: TaskStatus; assignee: string | null }, change: TaskChange, actor: string): string {
  if (change.status === 'in_progress' && change.assignee === actor && current.assignee !== actor) return 'claimed';
  if (change.status !== undefined && change.status !== current.status) {
    if (change.status === 'open' && (current.status === 'done' || current.status === 'cancelled')) return 'reopened';
    return change.status === 'in_progress' ? 'started' : change.status;
  }
  if (change.assignee !== undefined && change.assignee !== current.assignee) return change.assignee ? 'assigned' : 'unassigned';
  return 'noted';
}
