import { t, type Lang } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../database/entities/lead.entity';
import { leadRows, leadWho, senderDomain, type FieldRow } from '../notify/email-fields';
import { renderLeadEmailHtml } from '../notify/email-html.renderer';
import { emailText, LINE_ROWS } from '../notify/email-text.formatter';

export type ReminderLevel = 'reminder' | 'escalation';

export interface ReminderTask {
  id: string;
  dueAt: Date;
  assignee: string | null;
}

/** "This lead is waiting": to the assignee, or, escalated, to the managers. */
export function buildReminderEmail(
  lead: Lead,
  task: ReminderTask,
  level: ReminderLevel,
  s: { from: string; to: string[]; boardUrl?: string; lang?: Lang },
): SendMailOptions {
  const lang = s.lang ?? 'zh';
  const late = Math.max(0, Math.round((Date.now() - task.dueAt.getTime()) / 60_000));
  const headline = t(lang, level === 'reminder' ? 'email.reminder.heading' : 'email.escalation.heading', { late });
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
    text: emailText(headline, [{ rows }], LINE_ROWS),
    html: renderLeadEmailHtml({ lang, headline, tone: 'urgent', sections: [{ rows }] }),
  };
}
