import { TASK_OUTCOMES } from '../data/follow-up-task';
import type { OutcomeCounts, ReportCounts, RolledUpRange } from '../data/report-cell';
import { addCounts, noCounts, noOutcomes } from './report-cells';
import { concatTimes, medianAndP90 } from './order-stats';
import { byCountThenName, type OwnerRow, type ReportSummary, type SummaryOptions } from './report-summary';

/**
 * A report's summary from added-up cells: the rolled-up days' sums (from
 * SQL) and the live days' (from memory) merged. Gives exactly what
 * `summarize` gives over the same leads (report-tally.spec.ts checks it on
 * fixtures, the e2e on the real stack).
 */
export class ReportTally {
  private readonly owners = new Map<string | null, { counts: ReportCounts; times: Int32Array[] }>();
  private readonly daySources = new Map<string, Map<string, number>>();
  private readonly sources = new Map<string, { leads: number; outcomes: OutcomeCounts }>();
  private readonly reroutedAway = new Map<string | null, number>();
  private readonly overdue = new Map<string | null, number>();

  /** Adds the sums of some days (disjoint from the days added before). */
  add(part: RolledUpRange): this {
    for (const o of part.owners) {
      let owner = this.owners.get(o.owner);
      if (!owner) this.owners.set(o.owner, (owner = { counts: noCounts(), times: [] }));
      addCounts(owner.counts, o.counts);
      owner.times.push(o.responseSeconds);
    }
    for (const d of part.daySources) {
      let day = this.daySources.get(d.day);
      if (!day) this.daySources.set(d.day, (day = new Map()));
      day.set(d.source, (day.get(d.source) ?? 0) + d.leads);
    }
    for (const s of part.sources) {
      let source = this.sources.get(s.source);
      if (!source) this.sources.set(s.source, (source = { leads: 0, outcomes: noOutcomes() }));
      source.leads += s.leads;
      for (const o of TASK_OUTCOMES) source.outcomes[o] += s.outcomes[o];
    }
    for (const p of part.people) {
      if (p.reroutes) this.reroutedAway.set(p.person, (this.reroutedAway.get(p.person) ?? 0) + p.reroutes);
      if (p.overdue) this.overdue.set(p.person, (this.overdue.get(p.person) ?? 0) + p.overdue);
    }
    return this;
  }

  summary(o: SummaryOptions): ReportSummary {
    const total = noCounts();
    for (const { counts } of this.owners.values()) addCounts(total, counts);
    const all = medianAndP90(concatTimes([...this.owners.values()].flatMap((x) => x.times)));

    // As summarize: everyone the range's leads count for (owners, the
    // overdue tasks' owners, those re-routed away from); only the owner asked for, who always has a row.
    const people = new Set<string | null>(o.owner === undefined ? [] : [o.owner]);
    for (const login of [...this.owners.keys(), ...this.overdue.keys(), ...this.reroutedAway.keys()]) people.add(login);
    const byOwner = [...people]
      .filter((login) => o.owner === undefined || login === o.owner)
      .map((login) => this.ownerRow(login, o))
      .sort(
        byCountThenName(
          (r) => r.leads,
          (r) => r.login,
        ),
      );

    return {
      from: o.from,
      to: o.to,
      leads: total.leads,
      touched: total.touched,
      medianResponseSeconds: all.median,
      p90ResponseSeconds: all.p90,
      buckets: {
        within5m: total.within5m,
        within1h: total.within1h,
        within24h: total.within24h,
        later: total.later,
        never: total.leads - total.touched,
      },
      byDay: o.days.map((day) => {
        const sources = this.daySources.get(day) ?? new Map<string, number>();
        let leads = 0;
        for (const n of sources.values()) leads += n;
        return { day, leads, bySource: Object.fromEntries(sources) };
      }),
      byOwner,
      bySource: [...this.sources]
        .map(([source, s]) => ({ source, leads: s.leads, outcomes: s.outcomes }))
        .sort(
          byCountThenName(
            (r) => r.leads,
            (r) => r.source,
          ),
        ),
    };
  }

  private ownerRow(login: string | null, o: SummaryOptions): OwnerRow {
    const mine = this.owners.get(login);
    const counts = mine?.counts ?? noCounts();
    // One part (the usual: the rolled-up days' times) is ordered in place; several are joined first.
    const times = mine?.times ?? [];
    const stats = medianAndP90(times.length === 1 ? times[0] : concatTimes(times));
    return {
      login,
      name: login === null ? null : (o.names.get(login) ?? login),
      leads: counts.leads,
      touched: counts.touched,
      medianResponseSeconds: stats.median,
      p90ResponseSeconds: stats.p90,
      withinTarget:
        o.targetSeconds === null || counts.leads === 0 ? null : Math.round((counts.withinTarget / counts.leads) * 1000) / 1000,
      reroutedAway: login === null ? 0 : (this.reroutedAway.get(login) ?? 0),
      overdueOpen: this.overdue.get(login) ?? 0,
      outcomes: { ...counts.outcomes },
    };
  }
}
