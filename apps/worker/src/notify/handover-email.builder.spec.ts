import { buildHandoverEmail, type HandoverCustomer } from './handover-email.builder';

const A = '6a1f0c1e-3c55-4e0b-9f57-0b3d8d1f2a10';
const B = '9b2e1d2f-4d66-4f1c-8a68-1c4e9e2a3b21';
const SETTINGS = { from: 'Lead Intake <no-reply@youpower.com.cn>', handoverId: 'h-1', adminUrl: 'https://crm.example.com' };
const TO = { login: 'li.na', email: 'li.na@youpower.com.cn' };
const FROM = { login: 'zhao.lei', name: '赵磊' };

const customers: HandoverCustomer[] = [
  { leadId: A, name: '张三', company: '上海优能科技', phone: '+8613923456789', dueAt: new Date('2026-11-02T06:34:00Z') },
  { leadId: B, name: 'Alice', company: null, phone: null, dueAt: null },
];

describe('buildHandoverEmail', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-02T06:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('names each customer with company and links to their lead page, absolutely', () => {
    const mail = buildHandoverEmail(TO, FROM, customers, SETTINGS);
    expect(mail.text).toContain('1. 张三 · 上海优能科技');
    expect(mail.text).toContain('2. Alice');
    for (const id of [A, B]) {
      expect(mail.text).toContain(`https://crm.example.com/admin/board/leads/${id}`);
      expect(mail.html).toContain(`href="https://crm.example.com/admin/board/leads/${id}"`);
    }
    expect(mail.text).not.toMatch(/^- \/admin/m);
  });

  it('gives the number as a tel: link and by when to call', () => {
    const mail = buildHandoverEmail(TO, FROM, customers, SETTINGS);
    expect(mail.html).toMatch(/href="tel:\+8613923456789"[^>]*>139 2345 6789<\/a>/);
    expect(mail.text).toContain('请在 14:34 前联系');
    expect(mail.html).toContain('请在 14:34 前联系');
  });

  it('keeps its headers, a stable Message-ID and no visitor text in the subject', () => {
    const mail = buildHandoverEmail(TO, FROM, customers, SETTINGS);
    expect(mail.headers).toEqual({ 'X-Lead-Notice': 'handover' });
    expect(mail.messageId).toBe('<handover-h-1-li.na@youpower.com.cn>');
    expect(mail.subject).toBe('[交接] 2 条跟进任务已转给您(赵磊 (zhao.lei) 离职)');
  });

  it('escapes hostile names and shows a dash for an erased customer', () => {
    const evil: HandoverCustomer = { leadId: A, name: '<img src=x onerror=1>', company: '"&', phone: null, dueAt: null };
    const erased: HandoverCustomer = { leadId: B, name: null, company: null, phone: null, dueAt: null };
    const mail = buildHandoverEmail(TO, FROM, [evil, erased], SETTINGS);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=1&gt; · &quot;&amp;');
    expect(mail.text).toContain('2. -');
  });
});
