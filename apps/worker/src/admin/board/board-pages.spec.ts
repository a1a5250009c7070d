import { renderBoardPage } from './board-page';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boardAssetDirs, boardAssets } from './board-assets';
import { mailtoHref, telHref } from './board-links';
import { renderLeadNotFound, renderLeadPage, type LeadDetail } from './lead-page';

const EVIL = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

/** Everything between <body> and the JSON data block: the HTML a browser would parse as markup. */
function markup(html: string): string {
  return html.slice(html.indexOf('<body'), html.indexOf('<script type="application/json"'));
}

function data(html: string): any {
  const m = /<script type="application\/json" id="board-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no board data');
  return JSON.parse(m[1]);
}

function detail(overrides: Partial<LeadDetail['lead']> = {}): LeadDetail {
  return {
    lead: {
      id: '6df43f36-c1a1-470d-91e1-680af2a88e35',
      name: EVIL,
      phone: '+8613812345678',
      phoneRaw: '138 1234 5678',
      email: 'zhang?cc=boss@example.com',
      company: EVIL,
      requirement: `${EVIL}\nsecond line`,
      consent: true,
      consentAt: new Date('2026-03-01T02:00:00Z'),
      privacyPolicyVersion: EVIL,
      utm: { utm_source: EVIL, [EVIL]: 'x' },
      extras: { budget: EVIL },
      ip: '203.0.113.9',
      userAgent: EVIL,
      page: `javascript:alert(1)//${EVIL}`,
      receivedAt: '2026-03-01T02:00:00.000Z',
      erasedAt: null,
      ...overrides,
    },
    task: {
      id: '0b9f7a4e-7a53-4a8e-9d6e-1f2c3b4a5d6e',
      status: 'in_progress',
      assignee: EVIL,
      note: EVIL,
      dueAt: new Date('2026-03-01T02:30:00Z'),
      updatedAt: new Date('2026-03-01T02:10:00Z'),
      updatedBy: EVIL,
      history: [
        {
          at: '2026-03-01T02:05:00Z',
          actor: EVIL,
          action: EVIL,
          fromStatus: 'open',
          toStatus: 'in_progress',
          fromAssignee: null,
          toAssignee: EVIL,
          note: EVIL,
        },
      ],
    },
    notifications: [
      {
        id: 'n1',
        channel: 'email',
        kind: 'new-lead',
        status: 'failed',
        attempts: 3,
        lastError: EVIL,
        messageId: `<lead-x@youpower.com.cn>`,
        recipients: EVIL,
        createdAt: new Date(),
        sentAt: null,
      },
    ],
  };
}

describe('renderBoardPage', () => {
  it('escapes the account name, keeps the JSON data inert and loads only its own assets', () => {
    const html = renderBoardPage({
      lang: 'zh',
      me: { name: EVIL, role: 'staff' },
      staff: [{ name: `</script>${EVIL}` }],
      assetVersion: 'v1',
    });
    expect(markup(html)).not.toContain('<script>');
    expect(markup(html)).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Only one </script> per script element: nothing in the data closes it early.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(data(html).me.name).toBe(EVIL);
    expect(data(html).staff[0].name).toBe(`</script>${EVIL}`);
    expect(html).toContain('<script src="/admin/assets/board.js?v=v1" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('跟进看板');
    // Staff see no Bull Board link; the admin does.
    expect(html).not.toContain('/admin/queues');
    expect(renderBoardPage({ lang: 'en', me: { name: 'admin', role: 'admin' }, staff: [] })).toContain('href="/admin/queues"');
  });

  it('offers a form filter only with more than one form, its options the forms by name', () => {
    const me = { name: 'li.na', role: 'staff' as const };
    expect(renderBoardPage({ lang: 'zh', me, staff: [], forms: [{ slug: 'default', name: '需求描述' }] })).not.toContain(
      'id="form-filter"',
    );
    const html = renderBoardPage({
      lang: 'en',
      me,
      staff: [],
      forms: [
        { slug: 'default', name: '需求描述' },
        { slug: 'quote', name: EVIL },
      ],
    });
    const body = markup(html);
    expect(body).toContain('<select id="form-filter" name="form">');
    expect(body).toContain('<option value="">All forms</option>');
    expect(body).toContain('<option value="default">需求描述</option>');
    expect(body).toContain('<option value="quote">&lt;script&gt;');
    expect(data(html).forms).toEqual([
      { slug: 'default', name: '需求描述' },
      { slug: 'quote', name: EVIL },
    ]);
  });

  it('speaks English with lang en, and the switch keeps the page', () => {
    const html = renderBoardPage({ lang: 'en', me: { name: 'li.na', role: 'staff' }, staff: [] });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Follow-up board');
    expect(html).toContain('href="/admin"'); // the switch back to Chinese
    expect(data(html).text.claim).toBe('Claim');
    expect(renderBoardPage({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, staff: [] })).toContain('href="/admin?lang=en"');
  });
});

describe('the on-duty switch', () => {
  const page = (me: { onDuty?: boolean; receivesLeads?: boolean }) =>
    markup(renderBoardPage({ lang: 'zh', me: { name: 'li.na', role: 'staff', ...me }, staff: [] }));

  it('says its state: 值班中 or 休息中, never the same word for both', () => {
    const on = page({ onDuty: true, receivesLeads: true });
    expect(on).toMatch(/role="switch" id="on-duty" aria-checked="true"[^>]*>.*<span class="duty-word">值班中<\/span>/);
    expect(on).toContain('新线索会轮流分配给你');
    const off = page({ onDuty: false, receivesLeads: true });
    expect(off).toMatch(/aria-checked="false"[^>]*>.*<span class="duty-word">休息中<\/span>/);
    expect(off).toContain('不会给你分配新线索');
  });

  it('is absent for an account that receives no leads, which says so instead', () => {
    const none = page({ onDuty: true, receivesLeads: false });
    expect(none).not.toContain('id="on-duty"');
    expect(none).toContain('不接收线索');
    expect(page({})).not.toContain('id="on-duty"');
  });
});

describe('renderLeadPage', () => {
  it('shows every field escaped, with safe tel: and mailto: links', () => {
    const html = renderLeadPage({
      lang: 'zh',
      me: { name: 'li.na', role: 'staff' },
      staff: [{ name: 'li.na' }],
      detail: detail(),
    });
    const body = markup(html);
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('href="javascript:');
    expect(body).toContain('href="tel:+8613812345678"');
    expect(body).toContain('href="mailto:zhang%3Fcc%3Dboss@example.com"');
    for (const field of [
      'name',
      'company',
      'phone',
      'phoneRaw',
      'email',
      'requirement',
      'receivedAt',
      'consent',
      'consentAt',
      'privacyPolicyVersion',
      'page',
      'utm',
      'extras',
      'ip',
      'userAgent',
      'id',
    ]) {
      expect(body).toContain(`data-field="${field}"`);
    }
    expect(body).toContain('<time datetime="2026-03-01T02:00:00.000Z" data-local>2026/03/01 10:00</time>');
    // Someone is on it (in progress): the due time, no countdown.
    expect(body).not.toContain('data-due=');
    expect(body).toContain('<time datetime="2026-03-01T02:30:00.000Z" data-local>');
    // The number grouped for reading, dialled in E.164.
    expect(body).toContain('<a class="contact-link tel" href="tel:+8613812345678">138 1234 5678</a>');
    // The history and the delivery log, escaped too.
    expect(body).toContain('class="rtable history"');
    expect(body).toContain('class="badge n-failed">失败</span>');
    expect(body).toContain('&lt;lead-x@youpower.com.cn&gt;');
    expect(body).toContain('data-action="resend"');
    // A salesperson: no erasure (the admin's), no action on a colleague's task (the API refuses both).
    expect(body).not.toContain('data-action="erase"');
    expect(body).not.toContain('data-action="claim"');
    expect(body).not.toContain('data-action="done"');
    expect(data(html).task).toEqual({ id: '0b9f7a4e-7a53-4a8e-9d6e-1f2c3b4a5d6e', status: 'in_progress', assignee: EVIL });
  });

  it("names the lead's form and shows its answers in the form's order, labelled, option labels for values", () => {
    const withForm: LeadDetail = {
      ...detail(),
      form: { slug: 'quote', name: 'Request a quote', version: 2 },
      fields: [
        {
          key: 'product',
          type: 'select',
          label: { zh: '产品线', en: 'Product line' },
          value: 'steel',
          options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
        },
        { key: 'sample', type: 'checkbox', label: { zh: '需要样品', en: 'Sample' }, value: true },
        { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' }, value: EVIL },
      ],
    };
    const body = markup(renderLeadPage({ lang: 'en', me: { name: 'li.na', role: 'staff' }, staff: [], detail: withForm }));
    expect(body).toContain('<dd id="lead-form">Request a quote</dd>');
    const answers = [...body.matchAll(/data-key="(\w+)"><dt>([^<]*)<\/dt><dd><div class="requirement">([^<]*)</g)].map((m) =>
      m.slice(1),
    );
    expect(answers).toEqual([
      ['product', 'Product line', 'Steel'],
      ['sample', 'Sample', 'yes'],
      ['region', 'Region', '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;'],
    ]);
    expect(
      markup(renderLeadPage({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, staff: [], detail: detail() })),
    ).not.toContain('data-field="form"');
  });

  it('offers the admin the erasure and taking over a colleague’s task', () => {
    const html = renderLeadPage({ lang: 'zh', me: { name: 'admin', role: 'admin' }, staff: [], detail: detail() });
    const body = markup(html);
    expect(body).toContain('data-action="erase"');
    expect(body).toContain('data-action="claim"');
    expect(body).toContain('data-action="done"');
    expect(body).not.toContain('data-action="reopen"');
    expect(body).toContain('href="/admin/board/audit"');
    expect(body).toContain('href="/admin/leads.csv"');
  });

  it('shows a manager the export and staff links but not the audit log or the erasure', () => {
    const manager = { name: 'zhou', role: 'staff' as const, accountRole: 'manager' as const };
    const body = markup(renderLeadPage({ lang: 'en', me: manager, staff: [], detail: detail() }));
    expect(body).toContain('href="/admin/board/staff?lang=en"');
    expect(body).toContain('href="/admin/leads.csv?lang=en"');
    expect(body).not.toContain('href="/admin/board/audit');
    expect(body).not.toContain('data-action="erase"');
  });

  it('counts down an open task; one already mine offers "start", not "claim", in fixed places', () => {
    const d = detail();
    d.task = { ...d.task!, status: 'open', assignee: 'li.na' };
    const body = markup(
      renderLeadPage({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, staff: [{ name: 'li.na' }], detail: d }),
    );
    expect(body).toContain('data-due="2026-03-01T02:30:00.000Z"');
    expect(body).toContain('data-action="start">开始跟进</button>');
    expect(body).not.toContain('data-action="claim"');
    const order = [...body.matchAll(/data-action="(\w+)"|class="slot-empty"/g)].map((m) => m[1] ?? '-');
    expect(order.slice(0, 4)).toEqual(['start', 'done', 'note', 'assign']);
    d.task = { ...d.task!, status: 'in_progress' };
    const started = markup(
      renderLeadPage({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, staff: [{ name: 'li.na' }], detail: d }),
    );
    const after = [...started.matchAll(/data-action="(\w+)"|class="slot-empty"/g)].map((m) => m[1] ?? '-');
    expect(after.slice(0, 4)).toEqual(['-', 'done', 'note', 'assign']);
  });

  it('after erasure: says so, offers neither resend nor erase again', () => {
    const html = renderLeadPage({
      lang: 'en',
      me: { name: 'li.na', role: 'staff' },
      staff: [],
      detail: detail({
        name: null,
        phone: null,
        phoneRaw: null,
        email: null,
        company: null,
        requirement: null,
        erasedAt: '2026-03-02T00:00:00Z',
      }),
    });
    expect(html).toContain('class="banner erased"');
    expect(html).not.toContain('data-action="resend"');
    expect(html).not.toContain('data-action="erase"');
    expect(html).not.toContain('href="tel:');
    expect(html).toContain('<title>Lead · Follow-up board</title>');
  });

  it('renders a lead without a task or notifications, and a done task can be reopened', () => {
    const bare = renderLeadPage({
      lang: 'zh',
      me: { name: 'li.na', role: 'staff' },
      staff: [],
      detail: { ...detail(), task: null, notifications: [] },
    });
    expect(bare).toContain('此客户没有跟进任务');
    expect(bare).toContain('还没有发送记录');
    const d = detail();
    d.task = { ...d.task!, status: 'done', assignee: 'li.na', history: undefined };
    const done = renderLeadPage({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, staff: [], detail: d });
    expect(done).toContain('data-action="reopen"');
    expect(done).not.toContain('data-action="done"');
    expect(done).not.toContain('data-due=');
    expect(done).toContain('暂无处理记录');
  });

  it('the not-found page escapes the id it was given', () => {
    const html = renderLeadNotFound({ lang: 'zh', me: { name: 'li.na', role: 'staff' }, id: EVIL });
    expect(markup(html)).not.toContain('<script>');
    expect(html).toContain('找不到该客户');
  });
});

describe('links and assets', () => {
  it('telHref keeps only + and digits; mailtoHref cannot add headers', () => {
    expect(telHref('+86 138-1234-5678')).toBe('tel:+8613812345678');
    expect(telHref('javascript:alert(1)')).toBeNull();
    expect(telHref('1+2+3456')).toBe('tel:123456');
    expect(mailtoHref('a@b.com?bcc=x@y.com')).toBe('mailto:a@b.com%3Fbcc%3Dx@y.com');
  });

  it('looks for the built board.js and board.css next to the compiled app, then in the repository dist', () => {
    expect(boardAssetDirs('/x/dist/apps/worker/apps/worker/src/admin/board')[0]).toBe('/x/dist/apps/worker/public');
    expect(boardAssetDirs('/x/apps/worker/src/admin/board')).toContain('/x/dist/apps/worker/public');
    expect(() => boardAssets(['/nonexistent'])).toThrow(/board assets/);
    const dir = mkdtempSync(join(tmpdir(), 'board-assets-'));
    writeFileSync(join(dir, 'board.js'), 'x'.repeat(2000));
    writeFileSync(join(dir, 'board.css'), 'body{}');
    const { root, version } = boardAssets([dir]);
    expect(root).toBe(dir);
    expect(version).toMatch(/^[\w-]{10}$/);
  });
});

describe('failing alert destinations banner', () => {
  const me = { name: 'admin', role: 'admin' as const };

  it('names each failing destination with its platform error, escaped', () => {
    const html = renderBoardPage({
      lang: 'zh',
      me,
      staff: [],
      failing: [
        {
          channel: 'dingtalk',
          label: 'oapi.dingtalk.com/robot/send?access_token=ab…yz',
          error: `keywords not in content ${EVIL}`,
        },
      ],
      failingMinutes: 10,
    });
    const banner = /<div class="banner error" role="alert" id="channels-failing">([\s\S]*?)<\/div>/.exec(markup(html));
    expect(banner).not.toBeNull();
    expect(banner![1]).toContain('超过 10 分钟');
    expect(banner![1]).toContain('钉钉 oapi.dingtalk.com/robot/send?access_token=ab…yz');
    expect(banner![1]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(banner![1]).not.toContain('<script>');
  });

  it('is absent while every destination delivers', () => {
    expect(renderBoardPage({ lang: 'en', me, staff: [], failing: [] })).not.toContain('channels-failing');
  });
});
