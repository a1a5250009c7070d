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
// of `to` there, on the received_at index. A year is a few hundred thousand
// rows at a million leads, so each row is kept lean: the page (a long URL)
// only when the source is not already its utm_source (one with a letter or
// digit survives sourceOf's trim; anything else falls back to the page as
// before), and the re-routes as one aggregate over their partial index
// (migration 1765400000000) instead of a probe of the history per lead.
const RANGE_LEADS_SQL = `
SELECT to_char(l.received_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day,
       l.utm->>'utm_source' AS "utmSource",
       CASE WHEN (l.utm->>'utm_source') ~ '[[:alnum:]]' THEN NULL ELSE l.page END AS page,
       CASE WHEN t.first_touch_at IS NOT NULL THEN coalesce(t.first_touch_owner, t.assignee) ELSE t.assignee END AS owner,
       t.assignee AS "currentOwner",
       t.response_seconds AS "responseSeconds", t.response_business_seconds AS "responseBusinessSeconds", t.outcome,
       coalesce(t.status IN ('open', 'in_progress') AND t.due_at < now(), false) AS "overdueOpen",
       coalesce(r.owners, '{}') AS "reroutedFrom"
  FROM leads l
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
  LEFT JOIN (SELECT e.task_id, array_agg(e.from_assignee ORDER BY e.at) AS owners FROM task_events e
              WHERE e.action = '${REROUTED_ACTION}' AND e.from_assignee IS NOT NULL GROUP BY e.task_id) r ON r.task_id = t.id
 WHERE l.received_at >= ($1::date::timestamp AT TIME ZONE $3)
   AND l.received_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
   AND ($4::text IS NULL OR t.assignee = $4 OR t.first_touch_owner = $4 OR r.owners @> ARRAY[$4::text])`;

/** What the speed-to-lead reports read: each lead of a range with its first touch, owner and outcome. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /**
   * The leads received from day `from` to day `to` (both included, YYYY-MM-DD)
   * in `timeZone`; with `person`, only those that can count for them (their
   * owner now or at first touch, or re-routed away from them): all a report
   * for one owner reads, a tenth of the rows for a salesperson.
   */
  async rangeLeads(from: string, to: string, timeZone: string, person?: string): Promise<ReportLeadRow[]> {
    // JIT compiling this one statement took ~0.5 s of its ~2 s at 300k leads
    // and saves nothing on a plain scan and join; off for it alone.
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL jit = off`);
      return tx.query<ReportLeadRow>(RANGE_LEADS_SQL, [from, to, timeZone, person ?? null]);
    });
  }
}
