import type { Lead } from '../data/lead';
import { alertMessageId, buildAlertEmail, buildDigestEmail, leadRows, senderDomain } from './alert-email.builder';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
const ADMIN_URL = 'https://crm.youpower.com.cn';
const SETTINGS = {
  from: 'Lead Intake <no-reply@youpower.com.cn>',
  to: ['service@youpower.com.cn', 'sales@youpower.com.cn'],
  adminUrl: ADMIN_URL,
};

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: ID,
    name: '张三',
    phone: '+8613812345678',
    phoneRaw: '138 1234 5678',
    email: 'zhang.san@example.com',
    company: '上海优能科技',
    requirement: '需要 200kWh 储能柜\n预算 50 万',
    consent: true,
    consentAt: new Date('2026-11-01T02:00:00Z'),
    privacyPolicyVersion: '2026-01',
    utm: { utm_source: 'baidu', utm_campaign: '双十一' },
    extras: { product: '储能柜', budget: '50万' },
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    page: 'https://www.youpower.com.cn/contact',
    receivedAt: new Date('2026-11-01T02:00:00Z'),
    createdAt: new Date('2026-11-01T02:00:01Z'),
    erasedAt: null,
    ...overrides,
  };
}

describe('buildAlertEmail', () => {
  it('names the owner first, or tells managers nobody was on duty', () => {
    const owned = buildAlertEmail(lead(), 'new-lead', SETTINGS, undefined, { login: 'li.na', name: '李娜' });
    expect(owned.text).toContain('负责人 Assignee:\n  李娜 (li.na)\n\n姓名 Name:');
    const nobody = buildAlertEmail(lead(), 'new-lead', SETTINGS, undefined, { login: null, nobodyEligible: true });
    expect(nobody.text).toContain('未分配:当前没有值班的销售,请经理分配');
    const off = buildAlertEmail(lead(), 'new-lead', SETTINGS, undefined, { login: null, nobodyEligible: false });
    expect(off.text).toContain('负责人 Assignee:\n  未分配 unassigned');
  });

  it('addresses sales and names the person and company in the subject', () => {
    const mail = buildAlertEmail(lead(), 'new-lead', SETTINGS);
    expect(mail.to).toEqual(SETTINGS.to);
    expect(mail.from).toBe(SETTINGS.from);
    expect(mail.subject).toBe('[新需求] 张三 · 上海优能科技');
  });

  it('leaves the company out of the subject when there is none', () => {
    expect(buildAlertEmail(lead({ company: null }), 'new-lead', SETTINGS).subject).toBe('[新需求] 张三');
  });

  it('marks a resend in the subject', () => {
    expect(buildAlertEmail(lead(), 'resend', SETTINGS).subject).toBe('[重发 新需求] 张三 · 上海优能科技');
  });

  it('carries X-Lead-Id and X-Lead-Notice', () => {
    expect(buildAlertEmail(lead(), 'new-lead', SETTINGS).headers).toEqual({ 'X-Lead-Id': ID, 'X-Lead-Notice': 'new-lead' });
    expect(buildAlertEmail(lead(), 'resend', SETTINGS).headers).toEqual({ 'X-Lead-Id': ID, 'X-Lead-Notice': 'resend' });
  });

  it('uses a Message-ID that is stable per lead, so a retried send is folded by mail systems', () => {
    const first = buildAlertEmail(lead(), 'new-lead', SETTINGS);
    const retry = buildAlertEmail(lead({ name: '张三 (edited)' }), 'new-lead', SETTINGS);
    expect(first.messageId).toBe(`<lead-${ID}@youpower.com.cn>`);
    expect(retry.messageId).toBe(first.messageId);
    expect(buildAlertEmail(lead(), 'resend', SETTINGS).messageId).not.toBe(first.messageId);
  });

  it('dates a new-lead alert at the time the lead arrived (stable across retries)', () => {
    expect(buildAlertEmail(lead(), 'new-lead', SETTINGS).date).toEqual(new Date('2026-11-01T02:00:00Z'));
  });

  it('replies to the visitor when an email was given, and to nobody otherwise', () => {
    expect(buildAlertEmail(lead(), 'new-lead', SETTINGS).replyTo).toBe('zhang.san@example.com');
    expect(buildAlertEmail(lead({ email: null }), 'new-lead', SETTINGS).replyTo).toBeUndefined();
  });

  it.each([
    ['CRLF', '张三\r\nBcc: victim@example.com'],
    ['LF', '张三\nBcc: victim@example.com'],
    ['CR', '张三\rBcc: victim@example.com'],
    ['U+2028', '张三\u2028Bcc: victim@example.com'],
  ])('never lets %s from the name or company reach the subject', (_label, evil) => {
    const subject = buildAlertEmail(lead({ name: evil, company: evil }), 'new-lead', SETTINGS).subject as string;
    expect(subject).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(subject).toBe('[新需求] 张三 Bcc: victim@example.com · 张三 Bcc: victim@example.com');
  });

  it('HTML-escapes every visitor value, labels included', () => {
    const html = buildAlertEmail(
      lead({
        name: '<script>alert("x")</script>',
        company: `O'Brien & "Sons"`,
        requirement: '<img src=x onerror=alert(1)>',
        extras: { '<b>key</b>': '<i>v</i>' },
        utm: { utm_source: '"><svg onload=alert(1)>' },
      }),
      'new-lead',
      SETTINGS,
    ).html as string;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<b>key');
    expect(html).not.toContain('<i>v');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; &quot;Sons&quot;');
    expect(html).toContain('附加 &lt;b&gt;key&lt;/b&gt;');
  });

  it('keeps line breaks of the requirement in both parts', () => {
    const mail = buildAlertEmail(lead(), 'new-lead', SETTINGS);
    expect(mail.html).toContain('需要 200kWh 储能柜<br>预算 50 万');
    expect(mail.text).toContain('需要 200kWh 储能柜\n  预算 50 万');
  });

  it('puts every field in the text and HTML parts', () => {
    const mail = buildAlertEmail(lead(), 'new-lead', SETTINGS);
    for (const value of [
      '张三',
      '上海优能科技',
      '+8613812345678',
      '138 1234 5678',
      'zhang.san@example.com',
      'baidu',
      '双十一',
      '储能柜',
      '50万',
      '203.0.113.7',
      'https://www.youpower.com.cn/contact',
      ID,
      '2026-01',
    ]) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(value);
    }
  });
});

describe('buildAlertEmail: whom to call, by when, and where', () => {
  // Received 10:00 Beijing time, due 30 minutes later.
  const due = new Date('2026-11-01T02:30:00Z');
  const mail = () => buildAlertEmail(lead({ phone: '+8613923456789' }), 'new-lead', SETTINGS, undefined, undefined, due);

  it('links to the lead page on the board at PUBLIC_ADMIN_URL, in both parts', () => {
    const url = `${ADMIN_URL}/admin/board/leads/${ID}`;
    expect(mail().html).toContain(`href="${url}"`);
    expect(mail().text).toContain(`线索页面 Lead page: ${url}`);
  });

  it('gives the phone as a tel: link with the E.164 number, shown grouped', () => {
    expect(mail().html).toContain('<a href="tel:+8613923456789"');
    expect(mail().html).toMatch(/href="tel:\+8613923456789"[^>]*>139 2345 6789<\/a>/);
    expect(mail().text).toContain('电话 Phone: 139 2345 6789 <tel:+8613923456789>');
  });

  it('says by when to call, in Beijing time, first', () => {
    jest.useFakeTimers({ now: new Date('2026-11-01T02:01:00Z') });
    try {
      expect(mail().html).toContain('请在 10:30 前联系');
      expect(mail().text.split('\n').slice(0, 2)).toEqual([
        '新的客户需求,请尽快联系 (New lead: please contact right away)',
        '请在 10:30 前联系 (Please contact before 10:30)',
      ]);
      const en = buildAlertEmail(lead(), 'new-lead', { ...SETTINGS, lang: 'en' }, undefined, undefined, due);
      expect(en.text).toContain('Please contact before 10:30');
    } finally {
      jest.useRealTimers();
    }
  });

  it('names the day when the task is due on another day, and says so when it is past', () => {
    jest.useFakeTimers({ now: new Date('2026-10-31T12:00:00Z') });
    try {
      expect(mail().text).toContain('请在 11月1日 10:30 前联系');
    } finally {
      jest.useRealTimers();
    }
    jest.useFakeTimers({ now: new Date('2026-11-01T03:00:00Z') });
    try {
      expect(mail().text).toContain('原定 10:30 前联系,已超时');
    } finally {
      jest.useRealTimers();
    }
  });

  it('leaves the due line out without a due time and the tel: link out without a number', () => {
    const bare = buildAlertEmail(lead({ phone: null, phoneRaw: null }), 'new-lead', SETTINGS);
    expect(bare.html).not.toContain('tel:');
    expect(bare.text).not.toMatch(/请在|原定/);
    expect(bare.html).toContain(`/admin/board/leads/${ID}`);
  });

  it('keeps the contract: headers, Message-ID and one part each', () => {
    const m = mail();
    expect(m.headers).toEqual({ 'X-Lead-Id': ID, 'X-Lead-Notice': 'new-lead' });
    expect(m.messageId).toBe(`<lead-${ID}@youpower.com.cn>`);
  });

  it('escapes a hostile number in the link text and keeps only digits in the href', () => {
    const html = buildAlertEmail(lead({ phone: '<b>138</b>"onclick="x' }), 'new-lead', SETTINGS).html as string;
    expect(html).toContain('href="tel:138"');
    expect(html).toContain('&lt;b&gt;138&lt;/b&gt;&quot;onclick=&quot;x');
    expect(html).not.toContain('<b>138');
  });
});

describe('buildDigestEmail', () => {
  it('links each lead to its page and gives its number as a tel: link', () => {
    const other = '5c0e4a47-52a4-4b55-9a3b-4d2b2f7d41c0';
    const mail = buildDigestEmail([lead(), lead({ id: other, phone: '+862152908189' })], SETTINGS);
    for (const id of [ID, other]) {
      expect(mail.html).toContain(`href="${ADMIN_URL}/admin/board/leads/${id}"`);
      expect(mail.text).toContain(`${ADMIN_URL}/admin/board/leads/${id}`);
    }
    expect(mail.html).toMatch(/href="tel:\+862152908189"[^>]*>021 5290 8189<\/a>/);
  });
});

describe('leadRows', () => {
  const labels = (rows: [string, string][]) => rows.map(([label]) => label);

  it('lists utm fields and extras', () => {
    const rows = leadRows(lead());
    expect(rows).toContainEqual(['utm_source', 'baidu']);
    expect(rows).toContainEqual(['utm_campaign', '双十一']);
    expect(rows).toContainEqual(['附加 product', '储能柜']);
    expect(rows).toContainEqual(['附加 budget', '50万']);
  });

  it('lists utm fields in their usual order and extras by name, whatever order the lead holds them in', () => {
    // A lead built from the job keeps the form's order; one read from the jsonb columns, Postgres's.
    const fromJob = lead({ utm: { utm_source: 's', utm_medium: 'm', utm_campaign: 'c' }, extras: { b: '2', a: '1' } });
    const fromRow = lead({ utm: { utm_medium: 'm', utm_source: 's', utm_campaign: 'c' }, extras: { a: '1', b: '2' } });
    const expected = ['utm_source', 'utm_medium', 'utm_campaign', '附加 a', '附加 b'];
    for (const l of [fromJob, fromRow]) {
      expect(labels(leadRows(l)).filter((label) => label.startsWith('utm_') || label.startsWith('附加'))).toEqual(expected);
    }
  });

  it('shows the phone as typed only when it differs from the E.164 form', () => {
    expect(leadRows(lead())).toContainEqual(['电话(原样) Phone as typed', '138 1234 5678']);
    expect(labels(leadRows(lead({ phoneRaw: '+8613812345678' })))).not.toContain('电话(原样) Phone as typed');
  });

  it('leaves empty contact fields out but always shows consent and the id', () => {
    const rows = leadRows(lead({ email: null, company: null, consent: false, utm: {}, extras: {} }));
    expect(labels(rows)).not.toContain('邮箱 Email');
    expect(labels(rows)).not.toContain('公司 Company');
    expect(rows).toContainEqual(['隐私同意 Consent', '否 no']);
    expect(rows).toContainEqual(['编号 Lead id', ID]);
  });

  it('records the policy version consented to', () => {
    expect(leadRows(lead())).toContainEqual(['隐私同意 Consent', '是 yes (2026-01)']);
  });

  it('gives the arrival time in Beijing time and in UTC', () => {
    const [, received] = leadRows(lead()).find(([label]) => label === '提交时间 Received')!;
    expect(received).toContain('10:00:00'); // 02:00 UTC is 10:00 in Shanghai
    expect(received).toContain('2026-11-01T02:00:00.000Z');
  });

  it('copes with missing utm and extras (rows from older migrations)', () => {
    const rows = leadRows(
      lead({ utm: undefined as unknown as Record<string, string>, extras: null as unknown as Record<string, string> }),
    );
    expect(labels(rows)).toContain('编号 Lead id');
  });
});

describe('senderDomain / alertMessageId', () => {
  it.each([
    ['Lead Intake <no-reply@youpower.com.cn>', 'youpower.com.cn'],
    ['no-reply@YouPower.com.cn', 'youpower.com.cn'],
    ['"Sales, CN" <a@mail.youpower.com.cn> ', 'mail.youpower.com.cn'],
    ['Lead Intake', 'localhost'],
  ])('takes the domain of %s', (from, domain) => {
    expect(senderDomain(from)).toBe(domain);
  });

  it('formats a Message-ID with angle brackets', () => {
    expect(alertMessageId(ID, 'new-lead', 'no-reply@youpower.com.cn')).toBe(`<lead-${ID}@youpower.com.cn>`);
    expect(alertMessageId(ID, 'resend', 'no-reply@youpower.com.cn')).toBe(`<lead-${ID}-resend@youpower.com.cn>`);
  });
});
