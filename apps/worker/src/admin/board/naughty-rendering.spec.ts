import type { Lang } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../../data/lead';
import { buildAlertEmail, buildDigestEmail } from '../../notify/alert-email.builder';
import { buildAutoresponseEmail } from '../../notify/autoresponse-email.builder';
import { buildHandoverEmail } from '../../notify/handover-email.builder';
import { buildReminderEmail } from '../../sla/reminder-email.builder';
import { renderBoardPage } from './board-page';
import { renderLeadNotFound, renderLeadPage, type LeadDetail } from './lead-page';

/**
 * Every board page and every email, rendered with hostile text in every
 * visitor field and every language: the markup must be exactly the markup
 * the same page has for harmless text (the naughty value with its special
 * characters replaced by a letter), so nothing typed by a visitor ever becomes a tag or
 * an attribute.
 */

const NAUGHTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'",
  '&',
  'javascript:alert(1)',
  '</textarea><svg onload=alert(1)>',
  `${'需求'.repeat(3000)}<b>long</b>`,
  '😀👍🏽 <3 🇨🇳',
  '\u202Eevil\u202C \u200F<i>rtl</i>\u200E',
  '{time} {id} {name} <%= it %>',
];
const LANGS: Lang[] = ['zh', 'en'];

/** The same text without the characters HTML gives a meaning. */
const harmless = (value: string) => value.replace(/[<>&"']/g, 'x');

/** The sequence of tag names: the page's structure, whatever the text in it. */
function tags(html: string): string[] {
  return html.match(/<\/?[a-zA-Z!][\w-]*/g) ?? [];
}

function expectInert(render: (v: string) => string, value: string): void {
  const html = render(value);
  expect(tags(html)).toEqual(tags(render(harmless(value))));
  if (value.length > 1 && /[<>&"']/.test(value)) expect(html).not.toContain(value);
  expect(html).not.toMatch(/(href|src|action)="\s*javascript:/i);
}

function lead(v: string): Lead {
  return {
    id: '6df43f36-c1a1-470d-91e1-680af2a88e35',
    name: v,
    phone: v,
    phoneRaw: v,
    email: v,
    company: v,
    requirement: v,
    consent: true,
    consentAt: new Date('2026-03-01T02:00:00Z'),
    privacyPolicyVersion: v,
    utm: { utm_source: v, [v]: v },
    extras: { [v]: v },
    ip: v,
    userAgent: v,
    page: v,
    receivedAt: new Date('2026-03-01T02:00:00Z'),
    createdAt: new Date('2026-03-01T02:00:00Z'),
    erasedAt: null,
  };
}

function detail(v: string, status: string, erased = false): LeadDetail {
  return {
    lead: { ...lead(v), erasedAt: erased ? '2026-03-02T00:00:00Z' : null },
    task: {
      id: v,
      status,
      assignee: v,
      note: v,
      dueAt: new Date(Date.now() + 600_000),
      updatedAt: new Date(),
      updatedBy: v,
      history: [
        { at: v, actor: v, action: v, fromStatus: v, toStatus: 'open', fromAssignee: v, toAssignee: null, note: v },
        { at: '2026-03-01T02:05:00Z', actor: v, action: 'claimed', fromStatus: 'open', toStatus: 'in_progress', toAssignee: v },
      ],
    },
    notifications: [
      {
        id: v,
        channel: v,
        kind: v,
        status: v,
        attempts: 1,
        lastError: v,
        messageId: v,
        recipients: v,
        createdAt: v,
        sentAt: new Date(),
      },
    ],
    form: { slug: 'quote', name: v, version: 1 },
    fields: [
      { key: 'region', type: 'text', label: { zh: v, en: v }, value: v },
      { key: 'product', type: 'select', label: { zh: v, en: v }, value: v, options: [{ value: v, label: { zh: v, en: v } }] },
      { key: 'tags', type: 'multiselect', label: { zh: v, en: v }, value: [v, v] },
    ],
  };
}

const SETTINGS = {
  from: 'Lead Intake <no-reply@youpower.com.cn>',
  to: ['service@youpower.com.cn'],
  adminUrl: 'https://crm.example.com',
};

function html(mail: SendMailOptions): string {
  return String(mail.html);
}

describe.each(NAUGHTY)('with %j in every visitor field', (v) => {
  describe.each(LANGS)('in %s', (lang) => {
    it('the board page keeps it text', () => {
      for (const role of ['admin', 'staff'] as const) {
        expectInert((x) => renderBoardPage({ lang, me: { name: x, role }, staff: [{ name: x }], assetVersion: x }), v);
        const forms = (x: string) => [
          { slug: 'default', name: x },
          { slug: 'quote', name: x },
        ];
        expectInert((x) => renderBoardPage({ lang, me: { name: 'li', role }, staff: [], forms: forms(x) }), v);
      }
    });

    it.each(['open', 'in_progress', 'done', 'cancelled'])('the lead page with a %s task keeps it text', (status) => {
      const me = { name: 'li.na', role: 'staff' as const };
      expectInert((x) => renderLeadPage({ lang, me, staff: [{ name: x }], detail: detail(x, status) }), v);
      expectInert((x) => renderLeadPage({ lang, me: { ...me, name: x }, staff: [], detail: detail(x, status, true) }), v);
    });

    it('the lead page without a task and the not-found page keep it text', () => {
      const me = { name: 'li.na', role: 'staff' as const };
      expectInert((x) => renderLeadPage({ lang, me, staff: [], detail: { ...detail(x, 'open'), task: null } }), v);
      expectInert((x) => renderLeadNotFound({ lang, me, id: x }), v);
    });

    it('the alert, resend and digest emails keep it text', () => {
      const s = { ...SETTINGS, lang };
      expectInert((x) => html(buildAlertEmail(lead(x), 'new-lead', s)), v);
      expectInert((x) => html(buildAlertEmail(lead(x), 'resend', s, `email:resend:${x}`)), v);
      expectInert((x) => html(buildDigestEmail([lead(x), lead(x)], s)), v);
      for (const mail of [buildAlertEmail(lead(v), 'resend', s), buildDigestEmail([lead(v)], s)]) {
        expect(mail.subject).not.toMatch(/[\r\n\u2028\u2029]/);
        // The text part is plain text: the value as typed, not escaped.
        if (v.length < 100) expect(mail.text).toContain(v);
      }
    });

    it('the reminder and escalation emails keep it text', () => {
      for (const level of ['reminder', 'escalation'] as const) {
        const task = (x: string) => ({ id: 'task-1', dueAt: new Date(Date.now() - 3_600_000), assignee: x });
        expectInert((x) => html(buildReminderEmail(lead(x), task(x), level, { ...SETTINGS, lang })), v);
      }
    });

    it('the hand-over email keeps it text', () => {
      const to = { login: 'li.na', email: 'li.na@example.com' };
      const settings = { from: SETTINGS.from, handoverId: 'h-1', adminUrl: SETTINGS.adminUrl };
      const customer = (x: string) => ({ leadId: lead(x).id, name: x, company: x, phone: x, dueAt: new Date() });
      expectInert((x) => html(buildHandoverEmail(to, { login: 'zhao', name: x }, [customer(x), customer(x)], settings)), v);
    });

    it('the confirmation to the visitor never shows it', () => {
      const mail = buildAutoresponseEmail(v, `autoresponse:${v}`, SETTINGS.from, lang);
      expect(mail.html).toBeUndefined();
      if (v.length > 1) expect(`${mail.subject}\n${mail.text}\n${mail.messageId}`).not.toContain(v);
    });
  });
});
