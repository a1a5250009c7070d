import { join } from 'node:path';
import { t, type MessageKey } from '@app/contracts';
import { Views } from '@app/views';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../data/lead';
import { beijingTimestamp } from './beijing-timestamp';
import { leadWho, senderDomain, type FieldRow } from './email-fields';
import { emailText, LINE_ROWS } from './email-text.formatter';

const views = new Views(join(__dirname, 'views'));

export interface AssignedEmailInput {
  lead: Lead;
  taskId: string;
  /** `arrival` or a hand-over's `h<event id>` (ledger step). */
  step: string;
  to: string[];
  /** The owner's personal link (`/admin/go/<token>`). */
  link: string;
  /** Who handed it over; null at arrival. */
  from: string | null;
  claimWithinMinutes: number;
  linkTtlHours: number;
}

/** `tel:` with the digits and a leading + only: nothing a visitor typed beyond a number. */
function telOf(phone: string | null): string | null {
  const digits = phone?.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '') ?? '';
  return /\d{3,}/.test(digits) ? `tel:${digits}` : null;
}

/**
 * The owner's personal email when a lead becomes theirs (at arrival or
 * handed over): the lead in brief, a one-tap link that acts as them on
 * this lead only, and a `tel:` link. Chinese, the team's language; the
 * Message-ID is the notice's, so a retried send folds into one.
 */
export function buildAssignedEmail(input: AssignedEmailInput, s: { from: string }): SendMailOptions {
  const { lead } = input;
  const headline = input.from
    ? t('zh', 'go.assigned.heading.handOver', { from: input.from })
    : t('zh', 'go.assigned.heading.arrival', { minutes: input.claimWithinMinutes || 10 });
  const phone = lead.phone ?? lead.phoneRaw ?? null;
  const tel = telOf(phone);
  const rows: FieldRow[] = [];
  const add = (key: MessageKey, value: string | null | undefined) => {
    if (value) rows.push([t('zh', key), value]);
  };
  add('email.field.name', lead.name);
  add('email.field.company', lead.company);
  add('email.field.phone', phone);
  add('email.field.email', lead.email);
  add('email.field.requirement', lead.requirement);
  add('lead.field.receivedAt', beijingTimestamp(lead.receivedAt, 'zh'));
  const footnote = t('zh', 'go.assigned.expires', { hours: input.linkTtlHours });
  const links: FieldRow[] = [
    [t('zh', 'go.assigned.act'), input.link],
    ...(tel ? [[t('zh', 'reroute.call'), tel] as FieldRow] : []),
  ];
  return {
    from: s.from,
    to: input.to,
    replyTo: lead.email ?? undefined,
    subject: t('zh', 'go.assigned.subject', { who: leadWho(lead) }),
    messageId: `<lead-${lead.id}-assigned-${input.step}-${input.taskId}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': 'assigned', 'X-Task-Id': input.taskId },
    text: `${emailText(headline, [{ rows: links }, { rows }], LINE_ROWS)}\n\n${footnote}\n`,
    html: views.render('assigned-email', {
      headline,
      link: input.link,
      tel,
      phone,
      actLabel: t('zh', 'go.assigned.act'),
      callLabel: t('zh', 'reroute.call'),
      rows,
      footnote,
    }),
  };
}
