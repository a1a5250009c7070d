import type { DayCells, ReportFilter, RolledUpRange } from '../../apps/worker/src/data/report-cell';
import type { BuildCells, ReportRollupRepository, RollupBasis } from '../../apps/worker/src/data/report-rollup.repository';
import type { DayRun, RangeLeadsFilter, ReportLeadRow, ReportRepository } from '../../apps/worker/src/data/report.repository';
import { rollUp } from '../../apps/worker/src/reporting/report-cells';

/**
 * The leads the reports read, as rows (`ReportLeadRow`, day already in the
 * zone) in memory, and the per-day rollup over them. The live read keeps
 * the statement's rules: only the runs' days, and with `person` only leads
 * that can count for them, with `form` only that form's. The rollup keeps
 * built days' cells exactly as `buildDay` got them; a day is good while it
 * was built for the basis asked and not marked dirty (`touch`). Adding the
 * cells up is the real `rollUp`, the SQL's twin; the SQL itself is tested
 * end to end (test/e2e/report-rollup.e2e-spec.ts).
 */
export class InMemoryReports {
  rows: ReportLeadRow[] = [];
  /** The runs each live read asked for. */
  readonly liveReads: DayRun[][] = [];
  readonly built = new Map<string, { basis: RollupBasis; cells: DayCells; dirty: boolean }>();
  /** Days whose advisory lock another worker holds. */
  readonly busy = new Set<string>();
  readonly builds: string[] = [];

  constructor(rows: ReportLeadRow[] = []) {
    this.rows = rows;
  }

  /** A change to a lead of `day` after it was built: the trigger's mark. */
  touch(day: string): void {
    const b = this.built.get(day);
    if (b) b.dirty = true;
  }

  private readLive(runs: readonly DayRun[], filter: RangeLeadsFilter = {}): ReportLeadRow[] {
    const inRuns = (day: string) => runs.some((r) => r.first <= day && day <= r.last);
    return this.rows.filter(
      (r) =>
        inRuns(r.day) &&
        (filter.form === undefined || r.form === filter.form) &&
        (filter.person === undefined ||
          r.currentOwner === filter.person ||
          r.owner === filter.person ||
          r.reroutedFrom.includes(filter.person)),
    );
  }

  private good(day: string, basis: RollupBasis): boolean {
    const b = this.built.get(day);
    return !!b && !b.dirty && b.basis.timeZone === basis.timeZone && b.basis.targetSeconds === basis.targetSeconds;
  }

  asReportRepository(): ReportRepository {
    const rangeLeads = async (runs: readonly DayRun[], _timeZone: string, filter?: RangeLeadsFilter) => {
      if (runs.length === 0) return [];
      this.liveReads.push([...runs]);
      return this.readLive(runs, filter);
    };
    return { rangeLeads } as unknown as ReportRepository;
  }

  asRollupRepository(): ReportRollupRepository {
    const fake = {
      goodDays: async (from: string, to: string, basis: RollupBasis) =>
        [...this.built.keys()].filter((d) => from <= d && d <= to && this.good(d, basis)).sort(),
      daysToBuild: async (basis: RollupBasis, lastClosed: string, limit: number) => {
        const days = new Set([...this.rows.map((r) => r.day), ...this.built.keys()]);
        return [...days]
          .filter((d) => d <= lastClosed && !this.good(d, basis))
          .sort()
          .reverse()
          .slice(0, limit);
      },
      buildDay: async (day: string, basis: RollupBasis, build: BuildCells) => {
        if (this.busy.has(day)) return false;
        this.builds.push(day);
        this.built.set(day, { basis, cells: build(this.readLive([{ first: day, last: day }])), dirty: false });
        return true;
      },
      sum: async (from: string, to: string, skip: readonly string[], filter: ReportFilter): Promise<RolledUpRange> => {
        const cells: DayCells = { owners: [], sources: [], people: [] };
        for (const [day, b] of this.built) {
          if (day < from || day > to || skip.includes(day)) continue;
          cells.owners.push(...b.cells.owners);
          cells.sources.push(...b.cells.sources);
          cells.people.push(...b.cells.people);
        }
        return rollUp(cells, filter);
      },
    };
    return fake as unknown as ReportRollupRepository;
  }
}
