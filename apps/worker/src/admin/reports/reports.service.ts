import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { SignedInStaff } from '../../data/staff-account';
import { BEIJING_TIME_ZONE, t } from '@app/contracts';
import { BusinessCalendar } from '../../data/business-calendar';
import { ReportRepository } from '../../data/report.repository';
import { StaffRepository } from '../../data/staff.repository';
import { seesAllTasks } from '../access';
import { parseReportRange } from './report-range';
import { type ReportLead, type ReportSummary, sourceOf, summarize } from './report-summary';

/** The query of GET /admin/reports/summary and owners.csv. */
export interface ReportQuery {
  from?: unknown;
  to?: unknown;
  owner?: unknown;
  source?: unknown;
}

const FILTER_MAX = 200;

function filter(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > FILTER_MAX)
    throw new BadRequestException(`${name} must be text of at most ${FILTER_MAX} characters`);
  return value;
}

/** Speed to lead over a range of days: the numbers behind the reports page, its JSON and its CSV. */
@Injectable()
export class ReportsService {
  /** Days are days of the business zone (BUSINESS_HOURS), Beijing by default. */
  readonly timeZone: string;

  constructor(
    private readonly reports: ReportRepository,
    private readonly staff: StaffRepository,
    calendar: BusinessCalendar,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {
    this.timeZone = calendar.hours?.timeZone ?? BEIJING_TIME_ZONE;
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
    const source = filter(q.source, 'source');
    // One owner's summary needs only the leads that can count for them (summarize filters the same way).
    const reading =
      owner === undefined
        ? this.reports.rangeLeads(range.from, range.to, this.timeZone)
        : this.reports.rangeLeads(range.from, range.to, this.timeZone, owner);
    const [rows, people] = await Promise.all([reading, this.staff.list()]);
    // Source names are data (the JSON's keys), so the direct one is always the Chinese 直接访问.
    const direct = t('zh', 'reports.directSource');
    const leads: ReportLead[] = rows.map((r) => ({
      day: r.day,
      source: sourceOf(r.utmSource, r.page, direct),
      owner: r.owner,
      currentOwner: r.currentOwner,
      responseSeconds: r.responseSeconds,
      responseBusinessSeconds: r.responseBusinessSeconds,
      outcome: r.outcome,
      overdueOpen: r.overdueOpen,
      reroutedFrom: r.reroutedFrom,
    }));
    return summarize(leads, {
      ...range,
      names: new Map(people.map((p) => [p.login, p.displayName])),
      targetSeconds: this.config.CLAIM_WITHIN_MINUTES > 0 ? this.config.CLAIM_WITHIN_MINUTES * 60 : null,
      owner,
      source,
    });
  }
}
