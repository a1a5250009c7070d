import { TASK_OUTCOMES, type TaskOutcome } from '../data/follow-up-task';

/**
 * The speed-to-lead report's arithmetic, pure so its answers can be checked
 * by hand: median and p90 of response times, the HBR buckets, sources, and
 * the per-day, per-owner and per-source tables of GET /admin/reports/summary.
 */

/** One lead of the range as the report sees it (data/report.repository.ts). */
export interface ReportLead {
  /** The Beijing (business zone) day it arrived, YYYY-MM-DD. */
  day: string;
  /** The slug of the form it came through (`default` for POST /api/leads). */
  form: string;
  source: string;
  /** Whose lead it counts as: the owner at first touch, or the current owner when untouched. */
  owner: string | null;
  /** Who holds it now (open overdue tasks count for them). */
  currentOwner: string | null;
  /** Wall seconds to the first touch; null while untouched. */
  responseSeconds: number | null;
  responseBusinessSeconds: number | null;
  outcome: TaskOutcome | null;
  /** Open or in progress, and past due, now. */
  overdueOpen: boolean;
  /** The owners it was re-routed away from, one entry per re-route. */
  reroutedFrom: string[];
}

export type Outcomes = Record<TaskOutcome, number>;

export interface ResponseBuckets {
  within5m: number;
  within1h: number;
  within24h: number;
  later: number;
  never: number;
}

export interface OwnerRow {
  login: string | null;
  name: string | null;
  leads: number;
  touched: number;
  medianResponseSeconds: number | null;
  p90ResponseSeconds: number | null;
  /** Share (0–1) of the owner's leads touched within CLAIM_WITHIN_MINUTES business minutes; null when off or no leads. */
  withinTarget: number | null;
  reroutedAway: number;
  overdueOpen: number;
  outcomes: Outcomes;
}

export interface ReportSummary {
  from: string;
  to: string;
  leads: number;
  touched: number;
  medianResponseSeconds: number | null;
  p90ResponseSeconds: number | null;
  buckets: ResponseBuckets;
  byDay: { day: string; leads: number; bySource: Record<string, number> }[];
  byOwner: OwnerRow[];
  bySource: { source: string; leads: number; outcomes: Outcomes }[];
}

export interface SummaryOptions {
  from: string;
  to: string;
  /** Every day of the range, in order (days without leads are rows too). */
  days: string[];
  /** Display names by login. */
  names: ReadonlyMap<string, string>;
  /** CLAIM_WITHIN_MINUTES in seconds; null when it is off. */
  targetSeconds: number | null;
  /** Only this owner's leads in the totals and only their row (a salesperson's view, or the owner filter). */
  owner?: string;
  /** Only leads from this source. */
  source?: string;
  /** Only leads from this form (a slug). */
  form?: string;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The 90th percentile by nearest rank: the smallest value at least 90 % of the values do not exceed; null for none. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1];
}

/** The HBR buckets, each lead in exactly one: ≤ 5 min, ≤ 1 h, ≤ 24 h, later, never touched. */
export function responseBuckets(responses: readonly (number | null)[]): ResponseBuckets {
  const b: ResponseBuckets = { within5m: 0, within1h: 0, within24h: 0, later: 0, never: 0 };
  for (const s of responses) {
    if (s === null) b.never++;
    else if (s <= 300) b.within5m++;
    else if (s <= 3600) b.within1h++;
    else if (s <= 86_400) b.within24h++;
    else b.later++;
  }
  return b;
}

/** Where a lead came from: its utm_source, else the host of the page that sent it, else `direct` (直接访问). */
export function sourceOf(utmSource: string | null | undefined, page: string | null | undefined, direct: string): string {
  const utm = utmSource?.trim();
  if (utm) return utm;
  if (page) {
    try {
      const url = new URL(page);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url.hostname;
    } catch {
      // Not a URL: the lead counts as direct.
    }
  }
  return direct;
}

function outcomesOf(leads: readonly ReportLead[]): Outcomes {
  const counts = Object.fromEntries(TASK_OUTCOMES.map((o) => [o, 0])) as Outcomes;
  for (const l of leads) if (l.outcome) counts[l.outcome]++;
  return counts;
}

const responses = (leads: readonly ReportLead[]): number[] =>
  leads.map((l) => l.responseSeconds).filter((s): s is number => s !== null);

export const byCountThenName =
  <T>(count: (x: T) => number, name: (x: T) => string | null) =>
  (a: T, b: T) =>
    count(b) - count(a) || (name(a) ?? '\uffff').localeCompare(name(b) ?? '\uffff');

function ownerRow(login: string | null, all: readonly ReportLead[], o: SummaryOptions): OwnerRow {
  const mine = all.filter((l) => l.owner === login);
  const times = responses(mine);
  const within =
    o.targetSeconds === null
      ? 0
      : mine.filter((l) => l.responseBusinessSeconds !== null && l.responseBusinessSeconds <= o.targetSeconds!).length;
  return {
    login,
    name: login === null ? null : (o.names.get(login) ?? login),
    leads: mine.length,
    touched: times.length,
    medianResponseSeconds: median(times),
    p90ResponseSeconds: p90(times),
    withinTarget: o.targetSeconds === null || mine.length === 0 ? null : Math.round((within / mine.length) * 1000) / 1000,
    reroutedAway: login === null ? 0 : all.reduce((n, l) => n + l.reroutedFrom.filter((r) => r === login).length, 0),
    overdueOpen: all.filter((l) => l.overdueOpen && l.currentOwner === login).length,
    outcomes: outcomesOf(mine),
  };
}

/** The whole summary of the range's leads. */
export function summarize(leads: readonly ReportLead[], o: SummaryOptions): ReportSummary {
  const fromSource = leads.filter(
    (l) => (o.source === undefined || l.source === o.source) && (o.form === undefined || l.form === o.form),
  );
  const counted = o.owner === undefined ? fromSource : fromSource.filter((l) => l.owner === o.owner);
  const times = responses(counted);

  const perDay = new Map(o.days.map((day) => [day, { day, leads: 0, bySource: {} as Record<string, number> }]));
  const perSource = new Map<string, ReportLead[]>();
  for (const l of counted) {
    const day = perDay.get(l.day);
    if (day) {
      day.leads++;
      day.bySource[l.source] = (day.bySource[l.source] ?? 0) + 1;
    }
    const same = perSource.get(l.source);
    if (same) same.push(l);
    else perSource.set(l.source, [l]);
  }

  // A person's row counts everything of theirs in the range (re-routed away
  // from them, overdue with them), so it is built from all the leads.
  // The owner asked for has a row even without leads (a salesperson sees their own zeros).
  const people = new Set<string | null>(o.owner === undefined ? [] : [o.owner]);
  for (const l of fromSource) {
    people.add(l.owner);
    if (l.overdueOpen) people.add(l.currentOwner);
    for (const r of l.reroutedFrom) people.add(r);
  }
  const byOwner = [...people]
    .filter((login) => o.owner === undefined || login === o.owner)
    .map((login) => ownerRow(login, fromSource, o))
    .sort(
      byCountThenName(
        (r) => r.leads,
        (r) => r.login,
      ),
    );

  return {
    from: o.from,
    to: o.to,
    leads: counted.length,
    touched: times.length,
    medianResponseSeconds: median(times),
    p90ResponseSeconds: p90(times),
    buckets: responseBuckets(counted.map((l) => l.responseSeconds)),
    byDay: [...perDay.values()],
    byOwner,
    bySource: [...perSource.entries()]
      .map(([source, ls]) => ({ source, leads: ls.length, outcomes: outcomesOf(ls) }))
      .sort(
        byCountThenName(
          (r) => r.leads,
          (r) => r.source,
        ),
      ),
  };
}
