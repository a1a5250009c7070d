import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { BusinessCalendar } from '../data/business-calendar';
import { ReportRollupRepository, type RollupBasis } from '../data/report-rollup.repository';
import { cellsOf } from './report-cells';
import { lastClosedDay, reportBasis } from './report-days';
import { reportLeadsOf } from './report-leads';

/** At most this many days a run, and no new day once a run has taken this long: the maintenance queue runs one job at a time. */
export const DAYS_PER_RUN = 100;
export const RUN_BUDGET_MS = 10_000;

export interface RollupRun {
  /** The days (re)built, newest first. */
  built: string[];
  /** Days another worker was building at the same moment. */
  busy: string[];
}

/**
 * Keeps the reports' rollup (migration 1765500000000) up to date: each run
 * (the maintenance job `maintenance.report-rollup`) builds the closed days
 * that are missing, were built for another zone or claim target, or
 * changed since (marked dirty, or holding a lead stored late), newest first.
 * A day's cells come from its leads read by the reports' own statement and
 * counted by the same arithmetic as the live report (`cellsOf`).
 */
@Injectable()
export class ReportRollupService {
  readonly basis: RollupBasis;

  constructor(
    private readonly rollup: ReportRollupRepository,
    calendar: BusinessCalendar,
    @InjectConfig() config: WorkerConfig,
  ) {
    this.basis = reportBasis(calendar, config);
  }

  async run(now = new Date()): Promise<RollupRun> {
    const started = Date.now();
    const days = await this.rollup.daysToBuild(this.basis, lastClosedDay(now, this.basis.timeZone), DAYS_PER_RUN);
    const result: RollupRun = { built: [], busy: [] };
    for (const day of days) {
      if (Date.now() - started > RUN_BUDGET_MS) break;
      const built = await this.rollup.buildDay(day, this.basis, (rows) => cellsOf(reportLeadsOf(rows), this.basis.targetSeconds));
      (built ? result.built : result.busy).push(day);
    }
    return result;
  }
}
