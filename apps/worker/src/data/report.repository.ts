import { Injectable } from '@nestjs/common';
import { Db } from './db';
import type { TaskOutcome } from './follow-up-task';

/** The history action a re-route records (counted as "re-routed away" from its from_assignee). */
export const REROUTED_ACTION = 'rerouted';

/** One lead of a report's range, as the report's arithmetic takes it. */
export interface ReportLeadRow {
  /** The day it arrived in the report's zone, YYYY-MM-DD. */
  day: string;
  utmSource: string | null;
  page: string | null;
  /** The owner at first touch, or the current owner when untouched (or touched while nobody owned it). */
  owner: string | null;
  currentOwner: string | null;
  responseSeconds: number | null;
  responseBusinessSeconds: number | null;
  outcome: TaskOutcome | null;
  overdueOpen: boolean;
  reroutedFrom: string[];
}

// The range is whole days of the zone: from the start of `from` to the end
// of `to` there, on the received_at index.
const RANGE_LEADS_SQL = `
SELECT to_char(l.received_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day,
       l.utm->>'utm_source' AS "utmSource", l.page,
       CASE WHEN t.first_touch_at IS NOT NULL THEN coalesce(t.first_touch_owner, t.assignee) ELSE t.assignee END AS owner,
       t.assignee AS "currentOwner",
       t.response_seconds AS "responseSeconds", t.response_business_seconds AS "responseBusinessSeconds", t.outcome,
       coalesce(t.status IN ('open', 'in_progress') AND t.due_at < now(), false) AS "overdueOpen",
       ARRAY(SELECT e.from_assignee FROM task_events e
              WHERE e.task_id = t.id AND e.action = $4 AND e.from_assignee IS NOT NULL ORDER BY e.at) AS "reroutedFrom"
  FROM leads l
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
 WHERE l.received_at >= ($1::date::timestamp AT TIME ZONE $3)
   AND l.received_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`;

/** What the speed-to-lead reports read: each lead of a range with its first touch, owner and outcome. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /** The leads received from day `from` to day `to` (both included, YYYY-MM-DD) in `timeZone`. */
  async rangeLeads(from: string, to: string, timeZone: string): Promise<ReportLeadRow[]> {
    return this.db.query(RANGE_LEADS_SQL, [from, to, timeZone, REROUTED_ACTION]);
  }
}
