import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { ALL, type DayCells, type OutcomeCounts, type ReportCounts, type ReportFilter, type RolledUpRange } from './report-cell';
import { insertCells, unpackTimes } from './report-rollup-rows';
import { rangeLeadsIn, type ReportLeadRow } from './report.repository';

/** How a day was rolled up: for which zone and claim target (seconds; null when off). */
export interface RollupBasis {
  timeZone: string;
  targetSeconds: number | null;
}

/** A day's cells, from its leads (reporting/report-cells.ts `cellsOf`, passed in so this layer holds no arithmetic). */
export type BuildCells = (rows: ReportLeadRow[]) => DayCells;

// Leads of day r.day (in the zone `zone`, a parameter) stored more than 15 minutes after
// they arrived: the predicate of leads_late_idx (migration 1765500000001), an index-only probe.
const lateLeads = (zone: string) => `
  (SELECT count(*) FROM leads l
    WHERE l.created_at - l.received_at > interval '15 minutes'
      AND l.received_at >= (r.day::timestamp AT TIME ZONE ${zone}) AND l.received_at < ((r.day + 1)::timestamp AT TIME ZONE ${zone}))`;

// $1 zone, $2 target. A built day is good while it was built for this zone
// and target, none of its open tasks has fallen due since (valid_until), no
// slot of it is marked dirty, and it holds no late lead stored after it was
// built. Each part is a probe of a small index.
const GOOD_DAY = `
      r.time_zone = $1 AND r.target_seconds IS NOT DISTINCT FROM $2 AND (r.valid_until IS NULL OR r.valid_until > now())
  AND NOT EXISTS (SELECT 1 FROM report_dirty d
                   WHERE d.slot >= (r.day::timestamp AT TIME ZONE $1) AND d.slot < ((r.day + 1)::timestamp AT TIME ZONE $1))
  AND ${lateLeads('$1')} = r.late_leads`;

const GOOD_DAYS_SQL = `
SELECT to_char(r.day, 'YYYY-MM-DD') AS day FROM report_days r
 WHERE r.day >= $3::date AND r.day <= $4::date AND ${GOOD_DAY}`;

// Every closed day from the first lead's (or the first built) on, newest first.
const DAYS_TO_BUILD_SQL = `
SELECT to_char(g.at, 'YYYY-MM-DD') AS day
  FROM generate_series(least((SELECT (min(received_at) AT TIME ZONE $1)::date FROM leads), (SELECT min(day) FROM report_days)),
                       $3::date, interval '1 day') AS g(at)
 WHERE NOT EXISTS (SELECT 1 FROM report_days r WHERE r.day = g.at::date AND ${GOOD_DAY})
 ORDER BY g.at DESC LIMIT $4`;

// The day's first open task to fall due after now: its overdue counts hold until then.
// Open tasks not yet due are the newest few, found on follow_up_tasks_status_due_idx.
// With the count of its late leads (GOOD_DAY). $1 the day, $2 the zone.
const DAY_STATE_SQL = `
SELECT (SELECT min(t.due_at)
          FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id
         WHERE t.status IN ('open', 'in_progress') AND t.due_at >= now()
           AND l.received_at >= (r.day::timestamp AT TIME ZONE $2) AND l.received_at < ((r.day + 1)::timestamp AT TIME ZONE $2))
         AS "validUntil",
       ${lateLeads('$2')}::int AS "lateLeads"
  FROM (SELECT $1::date AS day) r`;

// The sums read the one row per day and group their filter names ('' for a
// filter not given: every form, source or owner) on the tables' slice
// indexes. $1/$2 the range, $3 its days not to read (not built, or no longer good).
const DAYS = `c.day >= $1::date AND c.day <= $2::date AND c.day <> ALL($3::date[])`;
const OUTCOME_SUMS = `sum(c.won)::int AS won, sum(c.qualified)::int AS qualified, sum(c.unqualified)::int AS unqualified,
       sum(c.invalid)::int AS invalid, sum(c.spam)::int AS spam`;

// $4 form, $5 source, $6 owner (null: every owner).
const OWNERS_SQL = `
SELECT c.owner, sum(c.leads)::int AS leads, sum(c.touched)::int AS touched, sum(c.within_target)::int AS "withinTarget",
       sum(c.within_5m)::int AS "within5m", sum(c.within_1h)::int AS "within1h", sum(c.within_24h)::int AS "within24h",
       sum(c.later)::int AS later, ${OUTCOME_SUMS}, string_agg(c.response_seconds, ''::bytea) AS "responseSeconds"
  FROM report_day_owners c
 WHERE c.form = $4 AND c.source = $5 AND ${DAYS} AND ($6::text IS NULL OR c.owner = $6)
 GROUP BY c.owner`;

// $4 form, $5 owner, $6 source (null: every source); per day and source, and per source over all the days, in one scan.
const SOURCES_SQL = `
SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.source, sum(c.leads)::int AS leads, ${OUTCOME_SUMS}
  FROM report_day_sources c
 WHERE c.form = $4 AND c.owner = $5 AND ${DAYS} AND ($6::text IS NULL OR c.source = $6)
 GROUP BY GROUPING SETS ((c.day, c.source), (c.source))`;

// $4 form, $5 source.
const PEOPLE_SQL = `
SELECT c.person, sum(c.reroutes)::int AS reroutes, sum(c.overdue)::int AS overdue
  FROM report_day_people c
 WHERE c.form = $4 AND c.source = $5 AND ${DAYS}
 GROUP BY c.person`;

type OutcomeColumns = OutcomeCounts;
interface OwnerSumRow extends Omit<ReportCounts, 'outcomes'>, OutcomeColumns {
  owner: string | null;
  responseSeconds: Buffer | null;
}
interface SourceSumRow extends OutcomeColumns {
  day: string | null;
  source: string;
  leads: number;
}

const outcomesOf = (r: OutcomeColumns): OutcomeCounts => ({
  won: r.won,
  qualified: r.qualified,
  unqualified: r.unqualified,
  invalid: r.invalid,
  spam: r.spam,
});

// One advisory lock space for the days being built, so two workers never build one day at once.
const LOCK_SPACE = 1_765_500_000;

/**
 * The reports' per-day rollup (migration 1765500000000): which days are
 * built and still good, building a day, and the built days added up.
 */
@Injectable()
export class ReportRollupRepository {
  constructor(private readonly db: Db) {}

  /** The days from `from` to `to` whose cells hold exactly what their leads say now. */
  async goodDays(from: string, to: string, basis: RollupBasis): Promise<string[]> {
    const rows: { day: string }[] = await this.db.query(GOOD_DAYS_SQL, [basis.timeZone, basis.targetSeconds, from, to]);
    return rows.map((r) => r.day);
  }

  /** Up to `limit` closed days (up to `lastClosed`) not built, or no longer good, newest first. */
  async daysToBuild(basis: RollupBasis, lastClosed: string, limit: number): Promise<string[]> {
    const rows: { day: string }[] = await this.db.query(DAYS_TO_BUILD_SQL, [
      basis.timeZone,
      basis.targetSeconds,
      lastClosed,
      limit,
    ]);
    return rows.map((r) => r.day);
  }

  /**
   * Rebuilds one day in one transaction, under the day's advisory lock
   * (false, doing nothing, when another worker holds it). Repeatable read:
   * its leads, open tasks and late leads are read in one snapshot, and the
   * dirty marks deleted are those of that snapshot; a change committed
   * after it leaves its own mark (or, a late lead, raises the count).
   */
  async buildDay(day: string, basis: RollupBasis, build: BuildCells): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      const [{ locked }]: { locked: boolean }[] = await tx.query(
        `SELECT pg_try_advisory_xact_lock($1, ($2::date - date '2000-01-01')) AS locked`,
        [LOCK_SPACE, day],
      );
      if (!locked) return false;
      await tx.query(
        `DELETE FROM report_dirty WHERE slot >= ($1::date::timestamp AT TIME ZONE $2) AND slot < (($1::date + 1)::timestamp AT TIME ZONE $2)`,
        [day, basis.timeZone],
      );
      const cells = build(await rangeLeadsIn(tx, [{ first: day, last: day }], basis.timeZone));
      const [state]: { validUntil: Date | null; lateLeads: number }[] = await tx.query(DAY_STATE_SQL, [day, basis.timeZone]);
      for (const table of ['report_day_owners', 'report_day_sources', 'report_day_people'])
        await tx.query(`DELETE FROM ${table} WHERE day = $1`, [day]);
      await insertCells(tx, cells);
      await tx.query(
        `INSERT INTO report_days (day, time_zone, target_seconds, built_at, valid_until, late_leads)
         VALUES ($1, $2, $3, now(), $4, $5)
         ON CONFLICT (day) DO UPDATE SET time_zone = excluded.time_zone, target_seconds = excluded.target_seconds,
                                         built_at = excluded.built_at, valid_until = excluded.valid_until,
                                         late_leads = excluded.late_leads`,
        [day, basis.timeZone, basis.targetSeconds, state.validUntil, state.lateLeads],
      );
      return true;
    });
  }

  /** The rows of the days from `from` to `to` but `skip` added up for `filter` (three statements, side by side). */
  async sum(from: string, to: string, skip: readonly string[], filter: ReportFilter): Promise<RolledUpRange> {
    const days = [from, to, skip];
    const [owners, sources, people] = await Promise.all([
      this.db.query<OwnerSumRow>(OWNERS_SQL, [...days, filter.form ?? ALL, filter.source ?? ALL, filter.owner ?? null]),
      this.db.query<SourceSumRow>(SOURCES_SQL, [...days, filter.form ?? ALL, filter.owner ?? ALL, filter.source ?? null]),
      this.db.query<{ person: string | null; reroutes: number; overdue: number }>(PEOPLE_SQL, [
        ...days,
        filter.form ?? ALL,
        filter.source ?? ALL,
      ]),
    ]);
    return {
      owners: owners.map((r) => ({
        owner: r.owner,
        counts: {
          leads: r.leads,
          touched: r.touched,
          withinTarget: r.withinTarget,
          within5m: r.within5m,
          within1h: r.within1h,
          within24h: r.within24h,
          later: r.later,
          outcomes: outcomesOf(r),
        },
        responseSeconds: unpackTimes(r.responseSeconds),
      })),
      daySources: sources.filter((r) => r.day !== null).map((r) => ({ day: r.day!, source: r.source, leads: r.leads })),
      sources: sources.filter((r) => r.day === null).map((r) => ({ source: r.source, leads: r.leads, outcomes: outcomesOf(r) })),
      people,
    };
  }
}
