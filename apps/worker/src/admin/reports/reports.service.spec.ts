import { BadRequestException } from '@nestjs/common';
import type { SignedInStaff } from '../../data/staff-account';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import { InMemoryReports } from '../../../../../test/unit-fakes/reports.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../../data/business-calendar';
import { parseBusinessHours } from '../../data/business-hours';
import type { ReportLeadRow } from '../../data/report.repository';
import { cellsOf } from '../../reporting/report-cells';
import { reportLeadsOf } from '../../reporting/report-leads';
import { ReportsService } from './reports.service';

const row = (owner: string | null, responseSeconds: number | null, over: Partial<ReportLeadRow> = {}): ReportLeadRow => ({
  day: '2026-03-02',
  form: 'default',
  utmSource: null,
  page: null,
  owner,
  currentOwner: owner,
  responseSeconds,
  responseBusinessSeconds: responseSeconds,
  outcome: null,
  overdueOpen: false,
  reroutedFrom: [],
  ...over,
});

describe('ReportsService', () => {
  const manager: SignedInStaff = { login: 'mgr', displayName: 'mgr', role: 'manager' };
  const li: SignedInStaff = { login: 'li', displayName: 'li', role: 'sales' };
  let reports: InMemoryReports;

  function service(env: Record<string, string> = {}, hours: string | null = null) {
    return new ReportsService(
      reports.asReportRepository(),
      reports.asRollupRepository(),
      new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('wang', { displayName: '王芳' })).asRepository(),
      new BusinessCalendar(hours ? parseBusinessHours(hours) : null, 30),
      workerConfig(env),
    );
  }

  /** Rolls `day` up as the maintenance job would (ReportRollupService), for Beijing and a 10-minute target. */
  async function rollUpDay(day: string) {
    const basis = { timeZone: 'Asia/Shanghai', targetSeconds: 600 };
    await reports.asRollupRepository().buildDay(day, basis, (rows) => cellsOf(reportLeadsOf(rows), 600));
  }

  beforeEach(() => {
    reports = new InMemoryReports([
      row('li', 60, { day: '2026-03-01', outcome: 'won', form: 'quote' }),
      row('wang', 4000, { day: '2026-03-01', reroutedFrom: ['li'], overdueOpen: true }),
      row('li', 60),
      row('li', 600, { utmSource: 'baidu', form: 'quote' }),
      row('wang', 120),
      row(null, null, { overdueOpen: true }),
    ]);
  });

  it("gives managers everyone's numbers, over the days of Beijing by default", async () => {
    const summary = await service().summary({ from: '2026-03-01', to: '2026-03-02' }, manager);
    expect(reports.liveReads).toEqual([[{ first: '2026-03-01', last: '2026-03-02' }]]);
    expect(summary).toMatchObject({ from: '2026-03-01', to: '2026-03-02', leads: 6, touched: 5, medianResponseSeconds: 120 });
    expect(summary.byDay.map((d) => [d.day, d.leads])).toEqual([
      ['2026-03-01', 2],
      ['2026-03-02', 4],
    ]);
    expect(summary.byOwner.map((o) => [o.name, o.leads, o.reroutedAway, o.overdueOpen])).toEqual([
      ['李雷', 3, 1, 0],
      ['王芳', 2, 0, 1],
      [null, 1, 0, 1],
    ]);
  });

  it('gives the same numbers from rolled-up days, reading live only the days not rolled up', async () => {
    const queries = [{}, { owner: 'li' }, { source: 'baidu' }, { form: 'quote' }, { form: 'default', owner: 'wang' }].map(
      (f) => ({ from: '2026-03-01', to: '2026-03-03', ...f }),
    );
    const live = await Promise.all(queries.map((q) => service().summary(q, manager)));
    await rollUpDay('2026-03-01');
    reports.liveReads.length = 0;
    expect(await Promise.all(queries.map((q) => service().summary(q, manager)))).toEqual(live);
    expect(reports.liveReads[0]).toEqual([{ first: '2026-03-02', last: '2026-03-03' }]);
    await rollUpDay('2026-03-02');
    reports.liveReads.length = 0;
    expect(await Promise.all(queries.map((q) => service().summary(q, manager)))).toEqual(live);
    expect(reports.liveReads[0]).toEqual([{ first: '2026-03-03', last: '2026-03-03' }]);
  });

  it('reads a rolled-up day live once it changed, or when the claim target differs', async () => {
    await rollUpDay('2026-03-01');
    reports.touch('2026-03-01');
    await service().summary({ from: '2026-03-01', to: '2026-03-01' }, manager);
    await rollUpDay('2026-03-01');
    await service({ CLAIM_WITHIN_MINUTES: '5' }).summary({ from: '2026-03-01', to: '2026-03-01' }, manager);
    const within = (
      await service({ CLAIM_WITHIN_MINUTES: '1' }).summary({ from: '2026-03-01', to: '2026-03-01' }, manager)
    ).byOwner.map((o) => o.withinTarget);
    expect(reports.liveReads).toEqual([
      [{ first: '2026-03-01', last: '2026-03-01' }],
      [{ first: '2026-03-01', last: '2026-03-01' }],
      [{ first: '2026-03-01', last: '2026-03-01' }],
    ]);
    expect(within).toEqual([1, 0]);
  });

  it('shows a salesperson their own leads and row only, whatever owner they ask for', async () => {
    const summary = await service().summary({ from: '2026-03-02', to: '2026-03-02', owner: 'wang' }, li);
    expect(summary.leads).toBe(2);
    expect(summary.byOwner.map((o) => o.login)).toEqual(['li']);
  });

  it('filters by owner, source and form for managers', async () => {
    const day = { from: '2026-03-02', to: '2026-03-02' };
    expect((await service().summary({ ...day, owner: 'wang' }, manager)).leads).toBe(1);
    expect((await service().summary({ ...day, source: 'baidu' }, manager)).leads).toBe(1);
    expect((await service().summary({ ...day, form: 'quote' }, manager)).leads).toBe(1);
    expect((await service().summary({ ...day, form: 'expo' }, manager)).leads).toBe(0);
  });

  it("counts days in the business hours' zone", async () => {
    expect(service({}, 'Mon-Fri 09:00-18:00 Europe/Berlin').timeZone).toBe('Europe/Berlin');
    expect(service().timeZone).toBe('Asia/Shanghai');
  });

  it('refuses a bad range or filter with 400, asking nothing', async () => {
    const s = service();
    await expect(s.summary({ from: '2026-03-05', to: '2026-03-01' }, manager)).rejects.toBeInstanceOf(BadRequestException);
    await expect(s.summary({ from: 'yesterday', to: '2026-03-01' }, manager)).rejects.toBeInstanceOf(BadRequestException);
    await expect(s.summary({ from: '2026-03-01', to: '2026-03-01', owner: 'x'.repeat(201) }, manager)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(s.summary({ from: '2026-03-01', to: '2026-03-01', source: ['a'] }, manager)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(s.summary({ from: '2026-03-01', to: '2026-03-01', form: ['a'] }, manager)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    expect(reports.liveReads).toEqual([]);
  });
});
