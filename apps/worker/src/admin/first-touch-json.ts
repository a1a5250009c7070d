import type { FollowUpTask } from '../data/follow-up-task';

/** What lead JSON says of its first touch: all null until someone touched it. */
export interface FirstTouchJson {
  firstTouchAt: Date | null;
  firstTouchBy: string | null;
  responseSeconds: number | null;
  responseBusinessSeconds: number | null;
}

/** The lead with its task's first touch (a lead without a task was never touched). */
export function withFirstTouch<T extends object>(lead: T, task: FollowUpTask | null): T & FirstTouchJson {
  return {
    ...lead,
    firstTouchAt: task?.firstTouchAt ?? null,
    firstTouchBy: task?.firstTouchBy ?? null,
    responseSeconds: task?.responseSeconds ?? null,
    responseBusinessSeconds: task?.responseBusinessSeconds ?? null,
  };
}
