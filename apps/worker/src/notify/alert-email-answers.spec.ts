import type { Lead } from '../data/lead';
import { buildAlertEmail } from './alert-email.builder';
import { leadAnswers } from './lead-answers';

const lead = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  name: '张三',
  phone: '+8613812345678',
  phoneRaw: null,
  email: 'zhang.san@example.com',
  company: null,
  requirement: '报价',
  consent: true,
  privacyPolicyVersion: '2026-01',
  utm: {},
  extras: {},
  ip: null,
  userAgent: null,
  page: null,
  receivedAt: new Date('2026-11-01T02:00:00Z'),
} as unknown as Lead;
const SETTINGS = {
  from: 'Lead Intake <no-reply@youpower.com.cn>',
  to: ['sales@youpower.com.cn'],
  adminUrl: 'https://crm.example.com',
};

const HOSTILE = '<script>alert(1)</script>';
const answers = leadAnswers({
  slug: 'quote',
  version: 1,
  name: `询价 ${HOSTILE}`,
  fields: [
    { key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' } },
    {
      key: 'product',
      type: 'select',
      label: { zh: `产品线 ${HOSTILE}`, en: 'Product line' },
      options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
    },
  ],
  custom: { product: 'steel', qty: 200, note: HOSTILE },
});

describe('buildAlertEmail with a form', () => {
  const mail = buildAlertEmail(lead, 'new-lead', SETTINGS, undefined, undefined, null, answers);
  const text = String(mail.text);
  const html = String(mail.html);

  it("lists the form's name and its answers, labelled, in the form's order, after the contact", () => {
    expect(text).toContain(`表单 Form:\n  询价 ${HOSTILE}`);
    expect(text.indexOf('数量:\n  200')).toBeGreaterThan(text.indexOf('表单 Form'));
    expect(text.indexOf('钢材')).toBeGreaterThan(text.indexOf('数量:\n  200'));
    expect(text.indexOf('note:')).toBeGreaterThan(text.indexOf('钢材'));
    expect(text.indexOf('表单 Form')).toBeGreaterThan(text.indexOf('需求描述 Requirement'));
  });

  it('escapes labels, names and answers in the HTML', () => {
    expect(html).toContain('钢材');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain(HOSTILE);
  });

  it('is unchanged for a lead without a form', () => {
    const plain = buildAlertEmail(lead, 'new-lead', SETTINGS);
    expect(String(plain.text)).not.toContain('表单');
  });
});
