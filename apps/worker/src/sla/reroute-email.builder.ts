import { join } from 'node:path';
import { t, type MessageKey } from '@app/contracts';
import { Views } from '@app/views';
import type { SendMailOptions } from 'nodemailer';
import type { Lead } from '../data/lead';
import { leadWho, senderDomain, type FieldRow } from '../notify/email-fields';
import { emailText, LINE_ROWS } from '../notify/email-text.formatter';

const views = new Views(join(__dirname, 'views'));

/** Which re-route notice: to the new owner, to the silent one, or to the managers. */
export type RerouteNotice = 'assigned' | 'rerouted-away' | 'reroute-limit';

export interface RerouteEmailInput {
  notice: RerouteNotice;
  lead: Lead;
  taskId: string;
  /** The step's number (1, 2…); the managers' notice is once per task. */
  step: number | null;
  to: string[];
  /** The headline's words, filled into the catalog text. */
  params: Record<string, string | number>;
  /** The new owner's one-tap link (`/admin/go/<token>`), in place of the board link; never in a group's message. */
  personalLink?: string | null;
}

const HEADINGS: Record<RerouteNotice, [subject: MessageKey, heading: MessageKey]> = {
  assigned: ['reroute.assigned.subject', 'reroute.assigned.heading'],
  'rerouted-away': ['reroute.away.subject', 'reroute.away.heading'],
  'reroute-limit': ['reroute.limit.subject', 'reroute.limit.heading'],
};

/** `tel:` with the digits and a leading + only: nothing a visitor typed beyond a number. */
export function telOf(phone: string | null): string | null {
  const digits = phone?.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '') ?? '';
  return /\d{3,}/.test(digits) ? `tel:${digits}` : null;
}

/** The lead's board page, absolute (PUBLIC_ADMIN_URL has no trailing slash). */
export function leadBoardLink(publicAdminUrl: string, leadId: string): string {
  return `${publicAdminUrl}/admin/board/leads/${encodeURIComponent(leadId)}`;
}

/**
 * A re-route notice: the lead's name, company, need and phone, a link to
 * its page and a `tel:` link, in Chinese (the team's language). The
 * Message-ID is the notice's, so a retried send folds into one.
 */
export function buildRerouteEmail(input: RerouteEmailInput, s: { from: string; publicAdminUrl: string }): SendMailOptions {
  const { lead, notice } = input;
  const [subjectKey, headingKey] = HEADINGS[notice];
  const headline = t('zh', headingKey, input.params);
  const board = leadBoardLink(s.publicAdminUrl, lead.id);
  const link = input.personalLink ?? board;
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
  const links: FieldRow[] = [
    [t('zh', input.personalLink ? 'go.assigned.act' : 'reroute.open'), link],
    ...(input.personalLink ? [[t('zh', 'go.page.board'), board] as FieldRow] : []),
    ...(tel ? [[t('zh', 'reroute.call'), tel] as FieldRow] : []),
  ];
  const suffix = input.step === null ? '' : `-${input.step}`;
  return {
    from: s.from,
    to: input.to,
    replyTo: lead.email ?? undefined,
    subject: t('zh', subjectKey, { who: leadWho(lead) }),
    messageId: `<lead-${lead.id}-${notice}${suffix}-${input.taskId}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Id': lead.id, 'X-Lead-Notice': notice, 'X-Task-Id': input.taskId },
    text: emailText(headline, [{ rows: links }, { rows }], LINE_ROWS),
    html: views.render('reroute-email', {
      headline,
      link,
      tel,
      phone,
      openLabel: t('zh', input.personalLink ? 'go.assigned.act' : 'reroute.open'),
      callLabel: t('zh', 'reroute.call'),
      rows,
    }),
  };
}
