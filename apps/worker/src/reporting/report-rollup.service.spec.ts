import { InMemoryReports } from '../../../../test/unit-fakes/reports.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../data/business-calendar';
import type { ReportLeadRow } from '../data/report.repository';
import { cellsOf, rollUp } from './report-cells';
import { reportLeadsOf } from './report-leads';
import { DAYS_PER_RUN, ReportRollupService } from './report-rollup.service';

const row = (day: string, over: Partial<ReportLeadRow> = {}): ReportLeadRow => ({
  day,
  form: 'default',
  utmSource: 'baidu',
  page: null,
  owner: 'li',
  currentOwner: 'li',
  responseSeconds: 90,
  responseBusinessSeconds: 90,
  outcome: null,
  overdueOpen: false,
  reroutedFrom: [],
  ...over,
});

const days = (n: number, last: string) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${last}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10));

describe('ReportRollupService', () => {
  let reports: InMemoryReports;
  const service = (env: Record<string, string> = {}) =>
    new ReportRollupService(reports.asRollupRepository(), new BusinessCalendar(null, 30), workerConfig(env));
  // 2026-03-10 01:30 in Beijing: the 9th ended an hour and a half ago, the 10th has not.
  const NOW = new Date('2026-03-09T17:30:00Z');

  beforeEach(() => {
    reports = new InMemoryReports([row('2026-03-08'), row('2026-03-09', { outcome: 'won' }), row('2026-03-10')]);
  });

  it('builds the closed days, newest first, each from its own leads, never today', async () => {
    expect(await service().run(NOW)).toEqual({ built: ['2026-03-09', '2026-03-08'], busy: [] });
    const cells = reports.built.get('2026-03-09')!.cells;
    expect(cells).toEqual(cellsOf(reportLeadsOf([row('2026-03-09', { outcome: 'won' })]), 600));
    expect(rollUp(cells, {}).owners[0].counts).toMatchObject({ leads: 1, withinTarget: 1, outcomes: { won: 1 } });
    // Nothing left to do.
    expect(await service().run(NOW)).toEqual({ built: [], busy: [] });
  });

  it('waits an hour after a day ends', async () => {
    expect((await service().run(new Date('2026-03-09T16:30:00Z'))).built).toEqual(['2026-03-08']);
  });

  it('rebuilds a day that changed, and every day for another claim target', async () => {
    await service().run(NOW);
    reports.touch('2026-03-08');
    expect((await service().run(NOW)).built).toEqual(['2026-03-08']);
    expect((await service({ CLAIM_WITHIN_MINUTES: '1' }).run(NOW)).built).toEqual(['2026-03-09', '2026-03-08']);
    expect(reports.built.get('2026-03-08')!.basis).toEqual({ timeZone: 'Asia/Shanghai', targetSeconds: 60 });
  });

  it('leaves a day another worker is building to it', async () => {
    reports.busy.add('2026-03-09');
    expect(await service().run(NOW)).toEqual({ built: ['2026-03-08'], busy: ['2026-03-09'] });
  });

  it('builds at most DAYS_PER_RUN days a run', async () => {
    reports.rows = days(DAYS_PER_RUN + 5, '2026-03-09').map((d) => row(d));
    const first = await service().run(NOW);
    expect(first.built).toHaveLength(DAYS_PER_RUN);
    expect(first.built[0]).toBe('2026-03-09');
    expect((await service().run(NOW)).built).toHaveLength(5);
  });
});
