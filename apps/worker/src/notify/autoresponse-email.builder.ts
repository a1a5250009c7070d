import { createHash } from 'node:crypto';
import { t, type Lang } from '@app/contracts';
import type { SendMailOptions } from 'nodemailer';
import { senderDomain } from './email-fields';

/** The fixed confirmation: nothing the visitor typed appears in it (text only, as it always was). */
export function buildAutoresponseEmail(to: string, ledgerKey: string, from: string, lang: Lang = 'zh'): SendMailOptions {
  const stable = createHash('sha256').update(ledgerKey).digest('hex').slice(0, 24);
  return {
    from,
    to,
    subject: t(lang, 'email.autoresponse.subject'),
    messageId: `<autoresponse-${stable}@${senderDomain(from)}>`,
    headers: { 'X-Lead-Notice': 'autoresponse', 'Auto-Submitted': 'auto-replied' },
    text: t(lang, 'email.autoresponse.text'),
  };
}
