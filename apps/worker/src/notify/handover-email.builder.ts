import type { SendMailOptions } from 'nodemailer';
import { t } from '@app/contracts';
import { contactLines, emailContact, type EmailContact } from './email-contact';
import { oneLine, senderDomain } from './email-fields';
import { renderHandoverEmailHtml } from './email-html.renderer';

/** One task the new owner received: only ids, no visitor data (what the queue carries). */
export interface HandoverTask {
  taskId: string;
  leadId: string;
}

/** A customer the new owner received, as the email names them (read from Postgres when it is sent). */
export interface HandoverCustomer {
  leadId: string;
  name: string | null;
  company: string | null;
  phone: string | null;
  phoneRaw?: string | null;
  /** The task's due time; null when the task is gone. */
  dueAt: Date | null;
}

/** One customer of the email: who, and the contact block (by when, the number, the lead page). */
export interface HandoverEntry {
  who: string;
  contact: EmailContact;
}

/** "name · company" on one line; a dash for an erased lead. */
function who(c: HandoverCustomer): string {
  const name = c.name ? oneLine(c.name) : '';
  if (!name) return t('zh', 'email.value.missing');
  return c.company ? `${name} · ${oneLine(c.company)}` : name;
}

/**
 * "These customers are yours now", to the new owner: each customer by name
 * and company, with by when to call, the number and an absolute link to
 * the lead page (`adminUrl` is PUBLIC_ADMIN_URL); the intro in both
 * languages. The Message-ID is the hand-over's and the owner's, so a
 * retried send folds. No visitor text in the subject or headers.
 */
export function buildHandoverEmail(
  to: { login: string; email: string },
  from: { login: string; name: string },
  customers: HandoverCustomer[],
  settings: { from: string; handoverId: string; adminUrl: string },
): SendMailOptions {
  const by = `${from.name} (${from.login})`;
  const intro = [t('zh', 'staff.handover.body', { from: by }), t('en', 'staff.handover.body', { from: by })];
  const entries: HandoverEntry[] = customers.map((c) => ({
    who: who(c),
    contact: emailContact({ id: c.leadId, phone: c.phone, phoneRaw: c.phoneRaw }, c.dueAt, settings.adminUrl, 'zh'),
  }));
  const blocks = entries.map((e, i) => [`${i + 1}. ${e.who}`, ...contactLines(e.contact, 'zh').map((l) => `   ${l}`)].join('\n'));
  return {
    from: settings.from,
    to: to.email,
    subject: t('zh', 'staff.handover.subject', { count: customers.length, from: by }),
    messageId: `<handover-${settings.handoverId}-${to.login}@${senderDomain(settings.from)}>`,
    text: `${intro.join('\n')}\n\n${blocks.join('\n\n')}\n`,
    html: renderHandoverEmailHtml({ lang: 'zh', intro, entries }),
    headers: { 'X-Lead-Notice': 'handover' },
  };
}
