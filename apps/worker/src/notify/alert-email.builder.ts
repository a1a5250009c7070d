import { t, type Lang } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../data/lead';
import { contactLines, contactRows, emailContact } from './email-contact';
import { type FieldRow, leadRows, leadWho, oneLine, senderDomain } from './email-fields';
import { renderLeadEmailHtml } from './email-html.renderer';
import { BLOCK_ROWS, emailText, NESTED_ROWS } from './email-text.formatter';
import type { LeadAnswers } from './lead-answers';

// Other builders and specs have always taken these from here.
export { leadRows, oneLine, senderDomain };

export type AlertNotice = 'new-lead' | 'resend';

export interface AlertEmailSettings {
  from: string;
  to: string[];
  /** PUBLIC_ADMIN_URL: the email links to the lead's page on the board there. */
  adminUrl: string;
  /** Chinese (the default) is what sales read. */
  lang?: Lang;
}

/**
 * Who owns the lead's task, as the alert names it: the login and display
 * name, or nobody; `nobodyEligible` when assignment at arrival found no one
 * on duty (managers must assign it).
 */
export type AlertOwner = { login: string; name: string | null } | { login: null; nobodyEligible: boolean };

/** The owner row: "display name (login)", or why there is none. */
export function ownerRow(owner: AlertOwner, lang: Lang): FieldRow {
  const label = t(lang, 'email.field.assignee');
  if (owner.login === null) return [label, t(lang, owner.nobodyEligible ? 'email.value.nobodyOnDuty' : 'email.value.unassigned')];
  const name = owner.name ? oneLine(owner.name) : '';
  return [label, name && name !== owner.login ? t(lang, 'email.value.owner', { name, login: owner.login }) : owner.login];
}

/** Stable per lead and notice kind, so mail systems fold a duplicate. */
export function alertMessageId(leadId: string, notice: AlertNotice, from: string, variant?: string): string {
  const suffix = notice === 'new-lead' ? '' : `-${notice}${variant ? `-${variant}` : ''}`;
  return `<lead-${leadId}${suffix}@${senderDomain(from)}>`;
}

/**
 * The alert sales receive for a new lead: by when to call (the task's
 * `dueAt`), the number to tap and the lead page first, then every field,
 * the owner first when known, the form's answers labelled; text and HTML.
 */
export function buildAlertEmail(
  lead: Lead,
  notice: AlertNotice,
  s: AlertEmailSettings,
  ledgerKey?: string,
  owner?: AlertOwner,
  dueAt: Date | null = null,
  answers: LeadAnswers | null = null,
): SendMailOptions {
  const lang = s.lang ?? 'zh';
  const fields = leadRows(lead, lang, answers);
  const rows = owner ? [ownerRow(owner, lang), ...fields] : fields;
  const contact = emailContact(lead, dueAt, s.adminUrl, lang);
  return {
    from: s.from,
    to: s.to,
    replyTo: lead.email ?? undefined,
    subject: t(lang, notice === 'resend' ? 'email.alert.subjectResend' : 'email.alert.subject', { who: leadWho(lead) }),
    messageId: alertMessageId(lead.id, notice, s.from, ledgerKey?.split(':').pop()),
    date: notice === 'new-lead' ? lead.receivedAt : new Date(),
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': notice },
    text: emailText([t(lang, 'email.alert.intro'), ...contactLines(contact, lang)].join('\n'), [{ rows }], BLOCK_ROWS),
    html: renderLeadEmailHtml({ lang, headline: t(lang, 'email.alert.heading'), tone: 'normal', contact, sections: [{ rows }] }),
  };
}

/** One email for many leads (flood guard): each lead listed with its number, its page and every field. */
export function buildDigestEmail(leads: Lead[], s: AlertEmailSettings): SendMailOptions {
  const lang = s.lang ?? 'zh';
  const first = leads[0];
  const sections = leads.map((lead, i) => {
    const contact = emailContact(lead, null, s.adminUrl, lang);
    const rows = leadRows(lead, lang);
    return { title: `${i + 1}. ${leadWho(lead)}`, contact, rows, textRows: [...contactRows(contact, lang), ...rows] };
  });
  const intro = t(lang, 'email.digest.intro', { count: leads.length });
  return {
    from: s.from,
    to: s.to,
    subject: t(lang, 'email.digest.subject', { count: leads.length, name: oneLine(first.name) }),
    messageId: `<digest-${first.id}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Notice': 'digest', 'X-Lead-Ids': leads.map((l) => l.id).join(', ') },
    text: emailText(
      intro,
      sections.map((x) => ({ title: x.title, rows: x.textRows })),
      NESTED_ROWS,
    ),
    html: renderLeadEmailHtml({ lang, headline: intro, tone: 'normal', sections }),
  };
}
