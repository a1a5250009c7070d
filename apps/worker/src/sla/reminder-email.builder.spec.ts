import type { Lead } from '../data/lead';
import { buildReminderEmail } from './reminder-email.builder';

const ID = '0f1c7d52-8f7e-4a55-9d6e-2b7d1a0c9e11';
const SETTINGS = {
  from: 'Lead Intake <no-reply@youpower.com.cn>',
  to: ['li.na@youpower.com.cn'],
  adminUrl: 'https://crm.example.com/',
};

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: ID,
    name: '李雷',
    phone: '+8613923456789',
    phoneRaw: '13923456789',
    email: null,
    company: '杭州某某电气',
    requirement: '光伏逆变器 50 台',
    consent: true,
    consentAt: null,
    privacyPolicyVersion: null,
    utm: {},
    extras: {},
    ip: null,
    userAgent: null,
    page: null,
    receivedAt: new Date('2026-11-02T06:04:00Z'),
    createdAt: new Date('2026-11-02T06:04:00Z'),
    erasedAt: null,
    ...overrides,
  };
}

// Due 14:34 Beijing time; the reminder goes out 20 minutes later.
const TASK = { id: 'task-1', dueAt: new Date('2026-11-02T06:34:00Z'), assignee: '李娜 (li.na)' };

describe('buildReminderEmail', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-02T06:54:00Z') }));
  afterEach(() => jest.useRealTimers());

  it.each(['reminder', 'escalation'] as const)(
    'the %s links to the lead page, dials the number and names the due time',
    (level) => {
      const mail = buildReminderEmail(lead(), TASK, level, SETTINGS);
      const url = `https://crm.example.com/admin/board/leads/${ID}`;
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
      expect(mail.html).toMatch(/href="tel:\+8613923456789"[^>]*>139 2345 6789<\/a>/);
      expect(mail.text).toContain('<tel:+8613923456789>');
      // Overdue by now: it says when it was due.
      expect(mail.text).toContain('原定 14:34 前联系');
      expect(mail.html).toContain('原定 14:34 前联系');
      expect(mail.headers).toEqual({ 'X-Lead-Id': ID, 'X-Lead-Notice': level, 'X-Task-Id': 'task-1' });
    },
  );

  it('says "please contact before" while the due time is ahead, in English too', () => {
    jest.setSystemTime(new Date('2026-11-02T06:20:00Z'));
    expect(buildReminderEmail(lead(), TASK, 'reminder', SETTINGS).text).toContain('请在 14:34 前联系');
    expect(buildReminderEmail(lead(), TASK, 'reminder', { ...SETTINGS, lang: 'en' }).text).toContain(
      'Please contact before 14:34',
    );
  });

  it('escapes hostile text in the HTML part', () => {
    const html = buildReminderEmail(lead({ name: '<script>x</script>', phone: '"><svg onload=1>' }), TASK, 'reminder', SETTINGS)
      .html as string;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<svg');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
