import { Injectable } from '@nestjs/common';
import type { Sql } from './db';
import type { FollowUpTask } from './follow-up-task';
import { SpeedMetrics } from '../metrics/speed-metrics.service';
import { BusinessCalendar } from './business-calendar';
import { businessSecondsBetween } from './business-seconds';

/** A task's first touch as recorded. */
export interface FirstTouch {
  firstTouchAt: Date;
  firstTouchBy: string;
  responseSeconds: number;
  responseBusinessSeconds: number;
}

// Only the first caller's UPDATE finds first_touch_at still null: however
// many requests touch a lead at once, one of them records the touch.
// `first_touch_owner` is whose lead it was then (the reports count the
// lead for them), not part of the API. (In a WITH, so the driver returns
// the rows, as for a SELECT.)
const MARK_SQL = `
WITH marked AS (
  UPDATE follow_up_tasks
     SET first_touch_at = $2, first_touch_by = $3, first_touch_owner = $4,
         response_seconds = $5, response_business_seconds = $6
   WHERE id = $1 AND first_touch_at IS NULL
  RETURNING id)
SELECT id FROM marked`;

/** Records the first staff action on a lead, once, with how long the customer waited. */
@Injectable()
export class FirstTouchRepository {
  constructor(
    private readonly calendar: BusinessCalendar,
    private readonly metrics: SpeedMetrics,
  ) {}

  /**
   * Within the caller's transaction (`task` as it is after the action):
   * sets the task's first touch if it has none and copies it onto `task`.
   * Null when the task had been touched already.
   */
  async record(m: Sql, task: FollowUpTask, by: string, at = new Date()): Promise<FirstTouch | null> {
    if (task.firstTouchAt) return null;
    const [lead]: { received_at: Date }[] = await m.query(`SELECT received_at FROM leads WHERE id = $1`, [task.leadId]);
    if (!lead) return null;
    const received = new Date(lead.received_at);
    const touch: FirstTouch = {
      firstTouchAt: at,
      firstTouchBy: by,
      responseSeconds: Math.max(0, Math.round((at.getTime() - received.getTime()) / 1000)),
      responseBusinessSeconds: businessSecondsBetween(received, at, this.calendar.hours),
    };
    const rows: unknown[] = await m.query(MARK_SQL, [
      task.id,
      at,
      by,
      task.assignee,
      touch.responseSeconds,
      touch.responseBusinessSeconds,
    ]);
    if (rows.length === 0) return null;
    Object.assign(task, touch);
    return touch;
  }

  /** Counts a recorded touch in `lead_first_touch_seconds`; call once its transaction committed. */
  observe(touch: FirstTouch | null): void {
    if (touch) this.metrics.firstTouched(touch.responseSeconds);
  }
}
