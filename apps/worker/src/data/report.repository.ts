import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';
import type { TaskOutcome } from './follow-up-task';

/** The history action a re-route records (counted as "re-routed away" from its from_assignee). */
export const REROUTED_ACTION = 'rerouted';

/** One lead of a report's range, as the report's arithmetic takes it. */
export interface ReportLeadRow {
  /** The day it arrived in the report's zone, YYYY-MM-DD. */
  day: string;
  /** Its form's slug; `default` when no form is attached (POST /api/leads). */
  form: string;
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

/** Runs of whole days of the zone, each from `first` to `last` (YYYY-MM-DD, both included). */
export interface DayRun {
  first: string;
  last: string;
}

/** Who and what a read is narrowed to (a superset of what the report keeps: it filters again). */
export interface RangeLeadsFilter {
  /** Leads that can count for this person: owner now or at first touch, or re-routed away from them. */
  person?: string;
  /** Leads of this form. */
  form?: string;
}

// The page (a long URL) is read only when the source is not already its
// utm_source (one with a letter or digit survives sourceOf's trim; anything
// else falls back to the page as before).
const SOURCE_COLUMNS = `l.utm->>'utm_source' AS "utmSource",
       CASE WHEN (l.utm->>'utm_source') ~ '[[:alnum:]]' THEN NULL ELSE l.page END AS page`;

// Each run is whole days of the zone: from the start of `first` to the end
// of `last` there, on the received_at index (one range per run, $4 on, so
// the planner sees each range's bounds). A year is a few hundred thousand
// rows at a million leads: each row is kept lean, and the form and the
// re-routes (over their partial index, migration 1765400000000) are joined
// as a whole. The leads of a day or two (today, a day the rollup rebuilds)
// probe both per lead instead: joined as a whole, the planner hashed all of
// lead_forms for a day's 1,500 leads (160 ms instead of a few).
// Held spam is left out: nobody owns it, so a flood would count as leads
// never answered (a release updates the lead, and its day is rebuilt).
const FORM_JOIN = `LEFT JOIN lead_forms lf ON lf.lead_id = l.id`;
// OFFSET 0 keeps the probe a probe: without it the planner flattens it back into the join.
const FORM_PROBE = `LEFT JOIN LATERAL (SELECT f.form_slug FROM lead_forms f WHERE f.lead_id = l.id OFFSET 0) lf ON true`;
const REROUTES_JOIN = `LEFT JOIN (SELECT e.task_id, array_agg(e.from_assignee ORDER BY e.at) AS owners FROM task_events e
              WHERE e.action = '${REROUTED_ACTION}' AND e.from_assignee IS NOT NULL GROUP BY e.task_id) r ON r.task_id = t.id`;
const REROUTES_PROBE = `LEFT JOIN LATERAL (SELECT array_agg(e.from_assignee ORDER BY e.at) AS owners FROM task_events e
              WHERE e.task_id = t.id AND e.action = '${REROUTED_ACTION}' AND e.from_assignee IS NOT NULL) r ON true`;

const rangeLeadsSql = (runs: number, few: boolean) => `
SELECT to_char(l.received_at AT TIME ZONE $1, 'YYYY-MM-DD') AS day,
       coalesce(lf.form_slug, 'default') AS form,
       ${SOURCE_COLUMNS},
       CASE WHEN t.first_touch_at IS NOT NULL THEN coalesce(t.first_touch_owner, t.assignee) ELSE t.assignee END AS owner,
       t.assignee AS "currentOwner",
       t.response_seconds AS "responseSeconds", t.response_business_seconds AS "responseBusinessSeconds", t.outcome,
       coalesce(t.status IN ('open', 'in_progress') AND t.due_at < now(), false) AS "overdueOpen",
       coalesce(r.owners, '{}') AS "reroutedFrom"
  FROM leads l
  ${few ? FORM_PROBE : FORM_JOIN}
  LEFT JOIN follow_up_tasks t ON t.lead_id = l.id
  ${few ? REROUTES_PROBE : REROUTES_JOIN}
 WHERE (${Array.from(
   { length: runs },
   (_, i) => `(l.received_at >= ($${4 + 2 * i}::date::timestamp AT TIME ZONE $1)
          AND l.received_at < (($${5 + 2 * i}::date + 1)::timestamp AT TIME ZONE $1))`,
 ).join(' OR ')})
   AND NOT l.quarantined
   AND ($2::text IS NULL OR t.assignee = $2 OR t.first_touch_owner = $2 OR r.owners @> ARRAY[$2::text])
   AND ($3::text IS NULL OR coalesce(lf.form_slug, 'default') = $3)`;

/** Up to this many days, a read probes each lead's form and re-routes rather than joining them as a whole. */
const FEW_DAYS = 3;

const DAY_MS = 86_400_000;
const daysIn = (run: DayRun) => (Date.parse(run.last) - Date.parse(run.first)) / DAY_MS + 1;

function statement(runs: readonly DayRun[], timeZone: string, filter: RangeLeadsFilter) {
  const few = runs.reduce((n, r) => n + daysIn(r), 0) <= FEW_DAYS;
  const params = [timeZone, filter.person ?? null, filter.form ?? null, ...runs.flatMap((r) => [r.first, r.last])];
  return { few, sql: rangeLeadsSql(runs.length, few), params };
}

/**
 * The leads of `runs` read in the transaction `tx` (the rollup reads a day
 * this way, in the transaction that stores it).
 */
export async function rangeLeadsIn(
  tx: Sql,
  runs: readonly DayRun[],
  timeZone: string,
  filter: RangeLeadsFilter = {},
): Promise<ReportLeadRow[]> {
  const { sql, params } = statement(runs, timeZone, filter);
  // JIT compiling this statement took ~0.5 s of its ~2 s over a year at 300k
  // leads and saves nothing on a plain scan and join; off for it alone.
  await tx.query(`SET LOCAL jit = off`);
  return tx.query<ReportLeadRow>(sql, params);
}

/** What the speed-to-lead reports read live: the leads of some days with their first touch, owner and outcome. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /**
   * The leads received on the days of `runs` in `timeZone`, narrowed by
   * `filter` (a tenth of the rows for a salesperson).
   */
  async rangeLeads(runs: readonly DayRun[], timeZone: string, filter: RangeLeadsFilter = {}): Promise<ReportLeadRow[]> {
    if (runs.length === 0) return [];
    const { few, sql, params } = statement(runs, timeZone, filter);
    // A day or two costs far below jit_above_cost: one round trip, no transaction to turn JIT off in.
    if (few) return this.db.query<ReportLeadRow>(sql, params);
    return this.db.transaction((tx) => rangeLeadsIn(tx, runs, timeZone, filter));
  }
}
