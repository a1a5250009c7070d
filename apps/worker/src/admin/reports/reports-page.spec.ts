import { renderReportsPage, type ReportsPageOptions } from './reports-page';

const NAUGHTY = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'", '&amp;', '{minutes} <%= it %>'];

const harmless = (value: string) => value.replace(/[<>&"']/g, 'x');
const tags = (html: string) => html.match(/<\/?[a-zA-Z!][\w-]*/g) ?? [];

function page(o: Partial<ReportsPageOptions> = {}, name = '王芳', formName = '展会登记'): string {
  return renderReportsPage({
    lang: 'zh',
    me: { name: 'zhou', role: 'staff', accountRole: 'manager', displayName: name },
    staff: [
      { name: 'wang', displayName: name },
      { name: 'li', displayName: '李娜' },
    ],
    ownerFilter: true,
    targetMinutes: 10,
    timeZone: 'Asia/Shanghai',
    forms: [
      { slug: 'default', name: '需求描述' },
      { slug: 'expo', name: formName },
    ],
    assetVersion: 'v1',
    ...o,
  });
}

describe('the reports page', () => {
  it('loads its own script and stylesheet, with a chart and a table for each view', () => {
    const html = page();
    expect(html).toContain('<script src="/admin/assets/reports.js?v=v1" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/admin/assets/reports.css?v=v1">');
    for (const id of ['daily', 'response', 'owners', 'outcomes']) {
      expect(html).toContain(`id="chart-${id}"`);
      expect(html).toContain(`id="table-${id}"`);
    }
    expect(html).toContain('<title>响应速度报表</title>');
    expect(html).toContain('10 分钟内响应');
    expect(html).toMatch(/<option value="wang">王芳<\/option>/);
    expect(page({ lang: 'en', targetMinutes: 0 })).toContain('Speed to lead');
  });

  it('offers a form filter with every form by name, to everyone', () => {
    const sales = page({ ownerFilter: false, me: { name: 'wang', role: 'staff', accountRole: 'sales' } });
    for (const html of [page(), sales]) {
      expect(html).toContain('<select id="form-filter"><option value="">全部表单</option>');
      expect(html).toMatch(/<option value="expo">展会登记<\/option>/);
    }
    expect(page({ lang: 'en' })).toContain('Form <select id="form-filter"><option value="">All forms</option>');
  });

  it('offers the owner filter to managers only', () => {
    expect(page()).toContain('id="owner-filter"');
    const sales = page({ ownerFilter: false, me: { name: 'wang', role: 'staff', accountRole: 'sales' } });
    expect(sales).not.toContain('id="owner-filter"');
    expect(sales).toContain('这里是你自己负责的线索。');
  });

  it('hands its words and settings to the script as JSON nothing can break out of', () => {
    const html = page({}, '</script><script>alert(1)</script>');
    const island = /<script type="application\/json" id="board-data">([\s\S]*?)<\/script>/.exec(html)![1];
    const data = JSON.parse(island);
    expect(data).toMatchObject({ page: 'reports', ownerFilter: true, targetMinutes: 10, timeZone: 'Asia/Shanghai' });
    expect(data.reports.bucket_within5m).toBe('5 分钟内');
    expect(island).not.toContain('</script>');
  });

  it.each(NAUGHTY)('keeps a staff name as text: %s', (value) => {
    expect(tags(page({}, value))).toEqual(tags(page({}, harmless(value))));
    if (value.length > 1 && /[<>"']/.test(value)) expect(page({}, value)).not.toContain(value);
  });

  it.each(NAUGHTY)('keeps a form name as text: %s', (value) => {
    expect(tags(page({}, '王芳', value))).toEqual(tags(page({}, '王芳', harmless(value))));
    if (value.length > 1 && /[<>"']/.test(value)) expect(page({}, '王芳', value)).not.toContain(value);
  });
});
