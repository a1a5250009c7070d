import { TASK_OUTCOMES } from '../data/follow-up-task';
import { ALL, type ReportFilter } from '../data/report-cell';
import { cellsOf, rollUp } from './report-cells';
import { type ReportLead, summarize, type SummaryOptions } from './report-summary';
import { ReportTally } from './report-tally';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'];
const OWNERS = ['wang', 'li', 'zhao', null];
const SOURCES = ['baidu', 'www.example.com', '直接访问', 'wechat'];
const FORMS = ['default', 'quote', 'expo'];

/** Leads over six days (the last without any) with every kind of value the report counts. */
function fixture(count: number, seed: number): ReportLead[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => {
    const owner = pick(OWNERS);
    const touched = next() < 0.8;
    const wall = touched ? Math.floor(next() ** 3 * 200_000) : null;
    return {
      day: pick(DAYS.slice(0, 5)),
      form: pick(FORMS),
      source: pick(SOURCES),
      owner,
      currentOwner: next() < 0.8 ? owner : pick(OWNERS),
      responseSeconds: wall,
      responseBusinessSeconds: wall === null ? null : Math.floor(wall * next()),
      outcome: next() < 0.5 ? pick(TASK_OUTCOMES) : null,
      overdueOpen: next() < 0.1,
      reroutedFrom: next() < 0.15 ? [pick(['wang', 'li', 'sun'])] : next() < 0.03 ? ['wang', 'li'] : [],
    };
  });
}

const NAMES = new Map([
  ['wang', '王芳'],
  ['li', '李娜'],
]);

const options = (f: ReportFilter, targetSeconds: number | null): SummaryOptions => ({
  from: DAYS[0],
  to: DAYS.at(-1)!,
  days: DAYS,
  names: NAMES,
  targetSeconds,
  ...f,
});

/** The rollup's way: each day's cells built alone (as the job does), some days added up as "rolled up", the rest as "live". */
function viaCells(leads: readonly ReportLead[], f: ReportFilter, targetSeconds: number | null, rolled: string[]) {
  const tally = new ReportTally();
  for (const day of DAYS) {
    const cells = cellsOf(
      leads.filter((l) => l.day === day),
      targetSeconds,
    );
    tally.add(rollUp(cells, f));
  }
  // The split between rolled-up and live days must not matter: add them in another grouping too.
  const again = new ReportTally()
    .add(
      rollUp(
        cellsOf(
          leads.filter((l) => rolled.includes(l.day)),
          targetSeconds,
        ),
        f,
      ),
    )
    .add(
      rollUp(
        cellsOf(
          leads.filter((l) => !rolled.includes(l.day)),
          targetSeconds,
        ),
        f,
      ),
    );
  return [tally.summary(options(f, targetSeconds)), again.summary(options(f, targetSeconds))];
}

const FILTERS: ReportFilter[] = [
  {},
  ...OWNERS.filter((o): o is string => o !== null).map((owner) => ({ owner })),
  { owner: 'sun' },
  { owner: 'nobody' },
  ...SOURCES.map((source) => ({ source })),
  { source: 'unknown' },
  ...FORMS.map((form) => ({ form })),
  { form: 'baojia' },
  { owner: 'wang', source: 'baidu' },
  { owner: 'li', form: 'quote' },
  { source: 'wechat', form: 'expo' },
  { owner: 'zhao', source: '直接访问', form: 'default' },
];

describe('the rollup against the live arithmetic', () => {
  const leads = fixture(600, 42);

  it.each(FILTERS.flatMap((f) => [600, null].map((target) => [JSON.stringify(f), target, f] as const)))(
    'gives what summarize gives for %s, target %s',
    (_label, target, f) => {
      const live = summarize(leads, options(f, target));
      const [perDay, split] = viaCells(leads, f, target, ['2026-11-20', '2026-11-22', '2026-11-23']);
      expect(perDay).toEqual(live);
      expect(split).toEqual(live);
    },
  );

  it('is exercised: the fixture has medians, p90s, re-routes, overdue tasks, outcomes and within-target shares', () => {
    const s = summarize(leads, options({}, 600));
    expect(s.medianResponseSeconds).not.toBeNull();
    expect(s.byOwner.some((r) => r.reroutedAway > 0 && r.overdueOpen > 0 && r.outcomes.won > 0)).toBe(true);
    expect(s.byOwner.find((r) => r.login === 'sun')).toMatchObject({ leads: 0, reroutedAway: expect.any(Number) });
    expect(s.byOwner.find((r) => r.login === null)!.overdueOpen).toBeGreaterThan(0);
    expect(s.byOwner.some((r) => r.withinTarget !== null && r.withinTarget > 0 && r.withinTarget < 1)).toBe(true);
    expect(s.byDay.at(-1)).toEqual({ day: DAYS.at(-1), leads: 0, bySource: {} });
  });

  it('gives an empty range the live answer too', () => {
    expect(new ReportTally().summary(options({ owner: 'wang' }, 600))).toEqual(summarize([], options({ owner: 'wang' }, 600)));
    expect(new ReportTally().summary(options({}, null))).toEqual(summarize([], options({}, null)));
  });
});

describe('cellsOf', () => {
  const lead: ReportLead = {
    day: '2026-11-20',
    form: 'quote',
    source: 'baidu',
    owner: 'wang',
    currentOwner: 'li',
    responseSeconds: 400,
    responseBusinessSeconds: 500,
    outcome: 'won',
    overdueOpen: true,
    reroutedFrom: ['zhao'],
  };

  it('counts a lead in its own row and in the rows for every form, every source and every owner', () => {
    const cells = cellsOf([lead], 600);
    expect(cells.owners.map((c) => [c.owner, c.form, c.source])).toEqual([
      ['wang', 'quote', 'baidu'],
      ['wang', 'quote', ALL],
      ['wang', ALL, 'baidu'],
      ['wang', ALL, ALL],
    ]);
    expect(cells.owners[0]).toMatchObject({ leads: 1, touched: 1, withinTarget: 1, within1h: 1, outcomes: { won: 1 } });
    expect([...cells.owners[0].responseSeconds]).toEqual([400]);
    expect(cells.sources.map((c) => [c.source, c.form, c.owner])).toEqual([
      ['baidu', 'quote', 'wang'],
      ['baidu', 'quote', ALL],
      ['baidu', ALL, 'wang'],
      ['baidu', ALL, ALL],
    ]);
    // Re-routes count for whom it was taken from, overdue tasks for who holds them now.
    expect(cells.people.filter((c) => c.form === ALL && c.source === ALL)).toEqual([
      { day: '2026-11-20', person: 'zhao', form: ALL, source: ALL, reroutes: 1, overdue: 0 },
      { day: '2026-11-20', person: 'li', form: ALL, source: ALL, reroutes: 0, overdue: 1 },
    ]);
  });

  it('keeps unassigned leads apart from the rows for everyone', () => {
    const cells = cellsOf([{ ...lead, owner: null, currentOwner: null, reroutedFrom: [] }], null);
    expect(cells.owners.every((c) => c.owner === null && c.withinTarget === 0)).toBe(true);
    expect(cells.sources.map((c) => c.owner)).toEqual([null, ALL, null, ALL]);
    expect(cells.people.map((c) => [c.person, c.overdue])).toEqual([
      [null, 1],
      [null, 1],
      [null, 1],
      [null, 1],
    ]);
  });
});
