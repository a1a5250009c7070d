import { t, type Lang } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../data/lead';
import { contactLines, emailContact } from '../notify/email-contact';
import { leadRows, leadWho, senderDomain, type FieldRow } from '../notify/email-fields';
import { renderLeadEmailHtml } from '../notify/email-html.renderer';
import { emailText, LINE_ROWS } from '../notify/email-text.formatter';

export type ReminderLevel = 'reminder' | 'escalation';

export interface ReminderTask {
  id: string;
  dueAt: Date;
  assignee: string | null;
}

/**
 * "This lead is waiting": to the assignee, or, escalated, to the managers;
 * by when it was due, the number to tap and the lead's page (at `adminUrl`,
 * PUBLIC_ADMIN_URL) before the fields.
 */
export function buildReminderEmail(
  lead: Lead,
  task: ReminderTask,
  level: ReminderLevel,
  s: { from: string; to: string[]; adminUrl: string; lang?: Lang },
): SendMailOptions {
  const lang = s.lang ?? 'zh';
  const late = Math.max(0, Math.round((Date.now() - task.dueAt.getTime()) / 60_000));
  const headline = t(lang, level === 'reminder' ? 'email.reminder.heading' : 'email.escalation.heading', { late });
  const contact = emailContact(lead, task.dueAt, s.adminUrl, lang);
  const rows: FieldRow[] = [
    [t(lang, 'email.field.assignee'), task.assignee ?? t(lang, 'email.value.unassigned')],
    ...leadRows(lead, lang),
  ];
  return {
    from: s.from,
    to: s.to,
    replyTo: lead.email ?? undefined,
    subject: t(lang, level === 'reminder' ? 'email.reminder.subject' : 'email.escalation.subject', { who: leadWho(lead) }),
    messageId: `<lead-${lead.id}-${level}-${task.id}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': level, 'X-Task-Id': task.id },
    text: emailText([headline, ...contactLines(contact, lang)].join('\n'), [{ rows }], LINE_ROWS),
    html: renderLeadEmailHtml({ lang, headline, tone: 'urgent', contact, sections: [{ rows }] }),
  };
}
