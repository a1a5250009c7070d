import { TASK_OUTCOMES } from '../data/follow-up-task';
import {
  ALL,
  type DayCells,
  type OutcomeCounts,
  type OwnerCell,
  type PersonCell,
  type ReportCounts,
  type ReportFilter,
  type RolledUpRange,
  type SourceCell,
} from '../data/report-cell';
import { concatTimes } from './order-stats';
import type { ReportLead } from './report-summary';

/**
 * The rollup's arithmetic: leads into cells (what the maintenance job
 * stores per day, and what the live days are counted into), and cells added
 * up for a filter (what the rollup's statements do in SQL). Pure;
 * ReportTally turns the sums into the summary.
 */

export const noOutcomes = (): OutcomeCounts => Object.fromEntries(TASK_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export const noCounts = (): ReportCounts => ({
  leads: 0,
  touched: 0,
  withinTarget: 0,
  within5m: 0,
  within1h: 0,
  within24h: 0,
  later: 0,
  outcomes: noOutcomes(),
});

/** Adds `b` into `a`. */
export function addCounts(a: ReportCounts, b: ReportCounts): void {
  a.leads += b.leads;
  a.touched += b.touched;
  a.withinTarget += b.withinTarget;
  a.within5m += b.within5m;
  a.within1h += b.within1h;
  a.within24h += b.within24h;
  a.later += b.later;
  for (const o of TASK_OUTCOMES) a.outcomes[o] += b.outcomes[o];
}

/** One lead into `c`: the thresholds of responseBuckets, the target as ownerRow's. */
function countLead(c: ReportCounts, l: ReportLead, targetSeconds: number | null): void {
  c.leads++;
  if (l.outcome) c.outcomes[l.outcome]++;
  const s = l.responseSeconds;
  if (s === null) return;
  c.touched++;
  if (s <= 300) c.within5m++;
  else if (s <= 3600) c.within1h++;
  else if (s <= 86_400) c.within24h++;
  else c.later++;
  if (targetSeconds !== null && l.responseBusinessSeconds !== null && l.responseBusinessSeconds <= targetSeconds)
    c.withinTarget++;
}

const keyOf = (...parts: (string | null)[]) => JSON.stringify(parts);

/** A cell of `cells` under `key`, made by `make` the first time. */
function cellAt<T>(cells: Map<string, T>, key: string, make: () => T): T {
  let cell = cells.get(key);
  if (!cell) cells.set(key, (cell = make()));
  return cell;
}

/** The value itself and ALL: each lead counts in its own row and in the row for every value. */
const andAll = (value: string) => [value, ALL];

/**
 * The cells of some leads (a day's, for the rollup), `targetSeconds` the
 * claim target in force: each lead in every row of its day it belongs to
 * (its form or ALL forms, its source or ALL sources, …).
 */
export function cellsOf(leads: readonly ReportLead[], targetSeconds: number | null): DayCells {
  const owners = new Map<string, { cell: OwnerCell; times: number[] }>();
  const sources = new Map<string, SourceCell>();
  const people = new Map<string, PersonCell>();
  const person = (day: string, login: string | null, form: string, source: string) =>
    cellAt(people, keyOf(day, login, form, source), () => ({ day, person: login, form, source, reroutes: 0, overdue: 0 }));
  for (const l of leads) {
    for (const form of andAll(l.form)) {
      for (const source of andAll(l.source)) {
        const at = cellAt(owners, keyOf(l.day, l.owner, form, source), () => ({
          cell: { day: l.day, owner: l.owner, form, source, ...noCounts(), responseSeconds: new Int32Array() },
          times: [] as number[],
        }));
        countLead(at.cell, l, targetSeconds);
        if (l.responseSeconds !== null) at.times.push(l.responseSeconds);
        for (const from of l.reroutedFrom) person(l.day, from, form, source).reroutes++;
        if (l.overdueOpen) person(l.day, l.currentOwner, form, source).overdue++;
      }
      for (const owner of l.owner === null ? [null, ALL] : andAll(l.owner)) {
        const cell = cellAt(sources, keyOf(l.day, l.source, form, owner), () => ({
          day: l.day,
          source: l.source,
          form,
          owner,
          leads: 0,
          outcomes: noOutcomes(),
        }));
        cell.leads++;
        if (l.outcome) cell.outcomes[l.outcome]++;
      }
    }
  }
  return {
    owners: [...owners.values()].map(({ cell, times }) => ({ ...cell, responseSeconds: Int32Array.from(times) })),
    sources: [...sources.values()],
    people: [...people.values()],
  };
}

/**
 * Cells added up for a filter as the rollup's statements add them up
 * (data/report-rollup.repository.ts): the one row per day and group that
 * the filter names (ALL for a filter not given); owners and sources over
 * every filter, people over source and form only.
 */
export function rollUp(cells: DayCells, f: ReportFilter): RolledUpRange {
  const form = f.form ?? ALL;
  const source = f.source ?? ALL;
  const owners = new Map<string | null, { counts: ReportCounts; times: Int32Array[] }>();
  for (const c of cells.owners) {
    if (c.form !== form || c.source !== source || (f.owner !== undefined && c.owner !== f.owner)) continue;
    let owner = owners.get(c.owner);
    if (!owner) owners.set(c.owner, (owner = { counts: noCounts(), times: [] }));
    addCounts(owner.counts, c);
    owner.times.push(c.responseSeconds);
  }
  const daySources = new Map<string, { day: string; source: string; leads: number }>();
  const sources = new Map<string, { source: string; leads: number; outcomes: OutcomeCounts }>();
  for (const c of cells.sources) {
    if (c.form !== form || c.owner !== (f.owner ?? ALL) || (f.source !== undefined && c.source !== f.source)) continue;
    cellAt(daySources, keyOf(c.day, c.source), () => ({ day: c.day, source: c.source, leads: 0 })).leads += c.leads;
    const total = cellAt(sources, c.source, () => ({ source: c.source, leads: 0, outcomes: noOutcomes() }));
    total.leads += c.leads;
    for (const o of TASK_OUTCOMES) total.outcomes[o] += c.outcomes[o];
  }
  const people = new Map<string | null, { person: string | null; reroutes: number; overdue: number }>();
  for (const c of cells.people) {
    if (c.form !== form || c.source !== source) continue;
    let p = people.get(c.person);
    if (!p) people.set(c.person, (p = { person: c.person, reroutes: 0, overdue: 0 }));
    p.reroutes += c.reroutes;
    p.overdue += c.overdue;
  }
  return {
    owners: [...owners].map(([owner, o]) => ({ owner, counts: o.counts, responseSeconds: concatTimes(o.times) })),
    daySources: [...daySources.values()],
    sources: [...sources.values()],
    people: [...people.values()],
  };
}
