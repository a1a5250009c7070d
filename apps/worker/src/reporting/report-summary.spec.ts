import { median, p90, type ReportLead, responseBuckets, sourceOf, summarize } from './report-summary';

const NONE = { won: 0, qualified: 0, unqualified: 0, invalid: 0, spam: 0 };

function lead(l: Partial<ReportLead> & Pick<ReportLead, 'day' | 'source' | 'owner'>): ReportLead {
  return {
    form: 'default',
    currentOwner: l.owner,
    responseSeconds: null,
    responseBusinessSeconds: null,
    outcome: null,
    overdueOpen: false,
    reroutedFrom: [],
    ...l,
  };
}

// Seven leads over three days, answers worked out by hand below.
const FIXTURE: ReportLead[] = [
  lead({ day: '2026-11-23', source: 'baidu', owner: 'wang', responseSeconds: 120, responseBusinessSeconds: 120, outcome: 'won' }),
  lead({
    day: '2026-11-23',
    source: 'baidu',
    owner: 'wang',
    responseSeconds: 600,
    responseBusinessSeconds: 600,
    outcome: 'qualified',
  }),
  lead({ day: '2026-11-23', source: 'example.com', owner: 'li', responseSeconds: 4000, responseBusinessSeconds: 1000 }),
  lead({ day: '2026-11-24', source: '直接访问', owner: 'li', overdueOpen: true }),
  lead({
    day: '2026-11-24',
    source: 'baidu',
    owner: 'li',
    responseSeconds: 90_000,
    responseBusinessSeconds: 30_000,
    outcome: 'spam',
    reroutedFrom: ['wang'],
  }),
  lead({ day: '2026-11-25', source: 'example.com', owner: null, overdueOpen: true, form: 'expo' }),
  lead({ day: '2026-11-25', source: 'baidu', owner: 'wang', responseSeconds: 300, responseBusinessSeconds: 300, outcome: 'won' }),
];

const OPTIONS = {
  from: '2026-11-23',
  to: '2026-11-25',
  days: ['2026-11-23', '2026-11-24', '2026-11-25'],
  names: new Map([
    ['wang', '王芳'],
    ['li', '李娜'],
  ]),
  targetSeconds: 600,
};

const WANG_ROW = {
  login: 'wang',
  name: '王芳',
  leads: 3,
  touched: 3,
  medianResponseSeconds: 300,
  p90ResponseSeconds: 600,
  withinTarget: 1,
  reroutedAway: 1,
  overdueOpen: 0,
  outcomes: { ...NONE, won: 2, qualified: 1 },
};

describe('median and p90', () => {
  it('are null for nothing', () => {
    expect(median([])).toBeNull();
    expect(p90([])).toBeNull();
  });

  it('take the middle (mean of two for an even count) and the nearest rank', () => {
    expect([median([5]), p90([5])]).toEqual([5, 5]);
    expect([median([4, 1, 3, 2]), p90([4, 1, 3, 2])]).toEqual([2.5, 4]);
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect([median(ten), p90(ten)]).toEqual([5.5, 9]);
  });
});

describe('responseBuckets', () => {
  it('puts each lead in one bucket, edges included in the faster one', () => {
    expect(responseBuckets([0, 300, 301, 3600, 3601, 86_400, 86_401, null])).toEqual({
      within5m: 2,
      within1h: 2,
      within24h: 2,
      later: 1,
      never: 1,
    });
  });
});

describe('sourceOf', () => {
  it('prefers utm_source, then the sending page host, then direct', () => {
    expect(sourceOf(' baidu ', 'https://www.example.com/', '直接访问')).toBe('baidu');
    expect(sourceOf('', 'https://www.Example.com/products?x=1', '直接访问')).toBe('www.example.com');
    expect(sourceOf(null, 'http://shop.example.cn:8080/form', '直接访问')).toBe('shop.example.cn');
    expect(sourceOf(undefined, null, '直接访问')).toBe('直接访问');
    expect(sourceOf(null, 'not a url', '直接访问')).toBe('直接访问');
    expect(sourceOf(null, 'javascript:alert(1)', 'direct')).toBe('direct');
  });
});

describe('summarize', () => {
  it('gives the totals, buckets and tables of the fixture', () => {
    expect(summarize(FIXTURE, OPTIONS)).toEqual({
      from: '2026-11-23',
      to: '2026-11-25',
      leads: 7,
      touched: 5,
      // 120, 300, 600, 4000, 90000
      medianResponseSeconds: 600,
      p90ResponseSeconds: 90_000,
      buckets: { within5m: 2, within1h: 1, within24h: 1, later: 1, never: 2 },
      byDay: [
        { day: '2026-11-23', leads: 3, bySource: { baidu: 2, 'example.com': 1 } },
        { day: '2026-11-24', leads: 2, bySource: { 直接访问: 1, baidu: 1 } },
        { day: '2026-11-25', leads: 2, bySource: { 'example.com': 1, baidu: 1 } },
      ],
      byOwner: [
        {
          login: 'li',
          name: '李娜',
          leads: 3,
          touched: 2,
          medianResponseSeconds: 47_000,
          p90ResponseSeconds: 90_000,
          withinTarget: 0,
          reroutedAway: 0,
          overdueOpen: 1,
          outcomes: { ...NONE, spam: 1 },
        },
        WANG_ROW,
        {
          login: null,
          name: null,
          leads: 1,
          touched: 0,
          medianResponseSeconds: null,
          p90ResponseSeconds: null,
          withinTarget: 0,
          reroutedAway: 0,
          overdueOpen: 1,
          outcomes: NONE,
        },
      ],
      bySource: [
        { source: 'baidu', leads: 4, outcomes: { ...NONE, won: 2, qualified: 1, spam: 1 } },
        { source: 'example.com', leads: 2, outcomes: NONE },
        { source: '直接访问', leads: 1, outcomes: NONE },
      ],
    });
  });

  it("shows one owner's leads and row only, their re-routed-away lead included", () => {
    const mine = summarize(FIXTURE, { ...OPTIONS, owner: 'wang' });
    expect(mine).toMatchObject({
      leads: 3,
      touched: 3,
      medianResponseSeconds: 300,
      p90ResponseSeconds: 600,
      buckets: { within5m: 2, within1h: 1, within24h: 0, later: 0, never: 0 },
      byDay: [
        { day: '2026-11-23', leads: 2, bySource: { baidu: 2 } },
        { day: '2026-11-24', leads: 0, bySource: {} },
        { day: '2026-11-25', leads: 1, bySource: { baidu: 1 } },
      ],
      byOwner: [WANG_ROW],
      bySource: [{ source: 'baidu', leads: 3, outcomes: { ...NONE, won: 2, qualified: 1 } }],
    });
  });

  it('gives an owner without leads a row of zeros', () => {
    const none = summarize(FIXTURE, { ...OPTIONS, owner: 'zhao' });
    expect(none.leads).toBe(0);
    expect(none.byOwner).toEqual([
      {
        login: 'zhao',
        name: 'zhao',
        leads: 0,
        touched: 0,
        medianResponseSeconds: null,
        p90ResponseSeconds: null,
        withinTarget: null,
        reroutedAway: 0,
        overdueOpen: 0,
        outcomes: NONE,
      },
    ]);
    expect(none.buckets).toEqual({ within5m: 0, within1h: 0, within24h: 0, later: 0, never: 0 });
  });

  it('filters by source', () => {
    const baidu = summarize(FIXTURE, { ...OPTIONS, source: 'baidu' });
    expect(baidu).toMatchObject({ leads: 4, touched: 4, medianResponseSeconds: 450, p90ResponseSeconds: 90_000 });
    expect(baidu.byOwner.map((r) => [r.login, r.leads, r.reroutedAway])).toEqual([
      ['wang', 3, 1],
      ['li', 1, 0],
    ]);
  });

  it('filters by form', () => {
    const expo = summarize(FIXTURE, { ...OPTIONS, form: 'expo' });
    expect(expo).toMatchObject({ leads: 1, touched: 0, bySource: [{ source: 'example.com', leads: 1 }] });
    expect(expo.byOwner.map((r) => [r.login, r.leads, r.overdueOpen])).toEqual([[null, 1, 1]]);
    expect(summarize(FIXTURE, { ...OPTIONS, form: 'default' }).leads).toBe(6);
  });

  it('has no within-target share when CLAIM_WITHIN_MINUTES is off', () => {
    expect(summarize(FIXTURE, { ...OPTIONS, targetSeconds: null }).byOwner.map((r) => r.withinTarget)).toEqual([
      null,
      null,
      null,
    ]);
  });
});
