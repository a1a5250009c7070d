import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { SignedInStaff } from '../../data/staff-account';
import { BusinessCalendar } from '../../data/business-calendar';
import type { ReportFilter, RolledUpRange } from '../../data/report-cell';
import { ReportRepository } from '../../data/report.repository';
import { ReportRollupRepository, type RollupBasis } from '../../data/report-rollup.repository';
import { StaffRepository } from '../../data/staff.repository';
import { cellsOf, rollUp } from '../../reporting/report-cells';
import { lastClosedDay, reportBasis, runsOf } from '../../reporting/report-days';
import { reportLeadsOf } from '../../reporting/report-leads';
import type { ReportSummary } from '../../reporting/report-summary';
import { ReportTally } from '../../reporting/report-tally';
import { seesAllTasks } from '../access';
import { parseReportRange } from './report-range';

/** The query of GET /admin/reports/summary and owners.csv. */
export interface ReportQuery {
  from?: unknown;
  to?: unknown;
  owner?: unknown;
  source?: unknown;
  /** A form's slug. */
  form?: unknown;
}

const FILTER_MAX = 200;

const NOTHING_ROLLED_UP: RolledUpRange = { owners: [], daySources: [], sources: [], people: [] };

function filter(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > FILTER_MAX)
    throw new BadRequestException(`${name} must be text of at most ${FILTER_MAX} characters`);
  return value;
}

/**
 * Speed to lead over a range of days: the numbers behind the reports page,
 * its JSON and its CSV. Closed days come from the per-day rollup (the
 * maintenance job keeps it); today and any day not rolled up or changed
 * since (a lead of it changed, one of its open tasks fell due since) are
 * read live by the same statement and counted by the same arithmetic.
 */
@Injectable()
export class ReportsService {
  private readonly basis: RollupBasis;

  constructor(
    private readonly reports: ReportRepository,
    private readonly rollup: ReportRollupRepository,
    private readonly staff: StaffRepository,
    calendar: BusinessCalendar,
    @InjectConfig() config: WorkerConfig,
  ) {
    this.basis = reportBasis(calendar, config);
  }

  /** Days are days of the business zone (BUSINESS_HOURS), Beijing by default. */
  get timeZone(): string {
    return this.basis.timeZone;
  }

  /**
   * The summary for `viewer`: managers and admins see everyone (or the
   * owner they filter on); a salesperson sees their own leads and row only,
   * whatever owner they ask for.
   */
  async summary(q: ReportQuery, viewer: SignedInStaff): Promise<ReportSummary> {
    const range = parseReportRange(q.from, q.to);
    if ('problem' in range) throw new BadRequestException(range.problem);
    const owner = seesAllTasks(viewer) ? filter(q.owner, 'owner') : viewer.login;
    const f: ReportFilter = { owner, source: filter(q.source, 'source'), form: filter(q.form, 'form') };
    const { timeZone, targetSeconds } = this.basis;
    // Days not closed yet (today) are never rolled up: read at once, beside
    // the rollup's reads. Of the closed days, those not rolled up or changed
    // since are read live too. One owner's live days need only the leads that
    // can count for them (the arithmetic filters the same way).
    const lastClosed = lastClosedDay(new Date(), timeZone);
    const closed = range.days.filter((d) => d <= lastClosed);
    const live = (days: string[]) => this.reports.rangeLeads(runsOf(days), timeZone, { person: owner, form: f.form });
    const fromRollup = async () => {
      const closedTo = range.to < lastClosed ? range.to : lastClosed;
      const good = new Set(closed.length ? await this.rollup.goodDays(range.from, closedTo, this.basis) : []);
      const rest = range.days.filter((d) => !good.has(d));
      return Promise.all([
        good.size ? this.rollup.sum(range.from, range.to, rest, f) : NOTHING_ROLLED_UP,
        live(closed.filter((d) => !good.has(d))),
      ]);
    };
    const [[rolled, changed], open, people] = await Promise.all([
      fromRollup(),
      live(range.days.filter((d) => d > lastClosed)),
      this.staff.list(),
    ]);
    return new ReportTally()
      .add(rolled)
      .add(rollUp(cellsOf(reportLeadsOf([...changed, ...open]), targetSeconds), f))
      .summary({ ...range, names: new Map(people.map((p) => [p.login, p.displayName])), targetSeconds, ...f });
  }
}
