import { BadRequestException } from '@nestjs/common';
import type { SignedInStaff } from '../../data/staff-account';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../../data/business-calendar';
import { parseBusinessHours } from '../../data/business-hours';
import type { ReportLeadRow, ReportRepository } from '../../data/report.repository';
import { ReportsService } from './reports.service';

const row = (owner: string | null, responseSeconds: number | null, over: Partial<ReportLeadRow> = {}): ReportLeadRow => ({
  day: '2026-03-02',
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
  let rows: ReportLeadRow[];
  let asked: unknown[][];

  function service(env: Record<string, string> = {}, hours: string | null = null) {
    return new ReportsService(
      { rangeLeads: async (...args: unknown[]) => (asked.push(args), rows) } as unknown as ReportRepository,
      new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('wang', { displayName: '王芳' })).asRepository(),
      new BusinessCalendar(hours ? parseBusinessHours(hours) : null, 30),
      workerConfig(env),
    );
  }

  beforeEach(() => {
    rows = [row('li', 60), row('li', 600, { utmSource: 'baidu' }), row('wang', 120), row(null, null)];
    asked = [];
  });

  it("gives managers everyone's numbers, over the days of Beijing by default", async () => {
    const summary = await service().summary({ from: '2026-03-01', to: '2026-03-02' }, manager);
    expect(asked).toEqual([['2026-03-01', '2026-03-02', 'Asia/Shanghai']]);
    expect(summary).toMatchObject({ from: '2026-03-01', to: '2026-03-02', leads: 4, touched: 3 });
    expect(summary.byDay.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02']);
    expect(summary.byOwner.map((o) => o.name)).toEqual(expect.arrayContaining(['李雷', '王芳']));
  });

  it('shows a salesperson their own leads only, whatever owner they ask for', async () => {
    const summary = await service().summary({ from: '2026-03-02', to: '2026-03-02', owner: 'wang' }, li);
    expect(summary.leads).toBe(2);
    expect(summary.byOwner.map((o) => o.login)).toEqual(['li']);
    // Only the rows that can count for them are read.
    expect(asked).toEqual([['2026-03-02', '2026-03-02', 'Asia/Shanghai', 'li']]);
  });

  it('filters by owner and source for managers', async () => {
    expect((await service().summary({ from: '2026-03-02', to: '2026-03-02', owner: 'wang' }, manager)).leads).toBe(1);
    expect(asked[0][3]).toBe('wang');
    expect((await service().summary({ from: '2026-03-02', to: '2026-03-02', source: 'baidu' }, manager)).leads).toBe(1);
  });

  it("counts days in the business hours' zone", async () => {
    await service({}, 'Mon-Fri 09:00-18:00 Europe/Berlin').summary({ from: '2026-03-02', to: '2026-03-02' }, manager);
    expect(asked[0][2]).toBe('Europe/Berlin');
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
    expect(asked).toEqual([]);
  });
});
