import type { BusinessHours } from '../data/business-hours';
import type { FollowUpTask, TaskStatus } from '../data/follow-up-task';
import { claimDeadline } from '../data/reroute-decision';

/** What lead JSON says of its first touch: all null until someone touched it. */
export interface FirstTouchJson {
  firstTouchAt: Date | null;
  firstTouchBy: string | null;
  responseSeconds: number | null;
  responseBusinessSeconds: number | null;
  /** When the first touch is due (touchDueAtOf); null once touched, closed, or with no target. */
  touchDueAt: Date | null;
}

/** The first-touch target: CLAIM_WITHIN_MINUTES (0 = none) of BUSINESS_HOURS. */
export interface TouchTarget {
  claimMinutes: number;
  hours: BusinessHours | null;
}

/**
 * When the lead's first touch is due: CLAIM_WITHIN_MINUTES business minutes
 * after it arrived, the deadline the re-route check uses (a lead at 22:00
 * counts from the next opening). Null when it was touched, when its task is
 * done or cancelled (nobody owes it a touch any more), and when the target
 * is off (0).
 */
export function touchDueAtOf(
  task: { status: TaskStatus; firstTouchAt: Date | null } | null,
  receivedAt: Date | null | undefined,
  target: TouchTarget,
): Date | null {
  if (!task || task.firstTouchAt || !receivedAt) return null;
  if (task.status !== 'open' && task.status !== 'in_progress') return null;
  return claimDeadline(new Date(receivedAt), target.claimMinutes, target.hours);
}

/** The lead with its task's first touch (a lead without a task was never touched). */
export function withFirstTouch<T extends { receivedAt: Date }>(
  lead: T,
  task: FollowUpTask | null,
  target: TouchTarget,
): T & FirstTouchJson {
  return {
    ...lead,
    firstTouchAt: task?.firstTouchAt ?? null,
    firstTouchBy: task?.firstTouchBy ?? null,
    responseSeconds: task?.responseSeconds ?? null,
    responseBusinessSeconds: task?.responseBusinessSeconds ?? null,
    touchDueAt: touchDueAtOf(task, lead.receivedAt, target),
  };
}
