import type { TaskOutcome } from './follow-up-task';

/** Leads per outcome. */
export type OutcomeCounts = Record<TaskOutcome, number>;

/** What the reports count of some leads: one rollup cell, or a sum of cells. */
export interface ReportCounts {
  leads: number;
  /** Leads with a first touch (a response time). */
  touched: number;
  /** Touched within the claim target in business seconds; 0 when the target is off. */
  withinTarget: number;
  /** The touched leads by wall time to the first touch: ≤ 5 min, ≤ 1 h, ≤ 24 h, later. */
  within5m: number;
  within1h: number;
  within24h: number;
  later: number;
  outcomes: OutcomeCounts;
}

/** In a rollup row's form, source or owner: every form, source or owner (never a real one: slugs, sources and logins are not empty). */
export const ALL = '';

/** Per day, owner (as the report counts it; null: unassigned), form and source (or ALL of them). */
export interface OwnerCell extends ReportCounts {
  day: string;
  owner: string | null;
  form: string;
  source: string;
  /** Each touched lead's wall seconds to its first touch, in no particular order. */
  responseSeconds: Int32Array;
}

/** Per day, source, form and owner (or ALL of them): leads and outcomes. */
export interface SourceCell {
  day: string;
  source: string;
  form: string;
  /** The owner as counted, null for unassigned, ALL for everyone. */
  owner: string | null;
  leads: number;
  outcomes: OutcomeCounts;
}

/** Per day, person, form and source (or ALL of them): re-routes away from them, open tasks of theirs past due. */
export interface PersonCell {
  day: string;
  /** A login; null: nobody (unassigned overdue tasks). */
  person: string | null;
  form: string;
  source: string;
  reroutes: number;
  overdue: number;
}

/** What the rollup stores for some leads (a day's). */
export interface DayCells {
  owners: OwnerCell[];
  sources: SourceCell[];
  people: PersonCell[];
}

/** The filters of a report (owner: the owner as counted; the people's columns ignore it). */
export interface ReportFilter {
  source?: string;
  form?: string;
  owner?: string;
}

/**
 * Cells added up over some days and a filter: what a report needs from them.
 * The rollup's statements return it for the days rolled up; `rollUp`
 * (reporting/report-cells.ts) computes the same from cells in memory.
 */
export interface RolledUpRange {
  /** Per owner: their counts and every response time. */
  owners: { owner: string | null; counts: ReportCounts; responseSeconds: Int32Array }[];
  /** Leads per day and source. */
  daySources: { day: string; source: string; leads: number }[];
  /** Leads and outcomes per source. */
  sources: { source: string; leads: number; outcomes: OutcomeCounts }[];
  /** Re-routes away and open tasks past due per person, over the source and form filters only. */
  people: { person: string | null; reroutes: number; overdue: number }[];
}
