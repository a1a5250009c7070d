import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import { senderDomain } from './alert-email.builder';

const SUBJECT = '已收到您的需求 / We have received your request';
const TEXT =
  '您好,\n\n我们已收到您提交的需求,销售同事会尽快与您联系。\n' +
  '如非本人操作,请忽略本邮件。\n\n' +
  'Hello,\n\nWe have received your request and our sales team will contact you shortly.\n' +
  'If you did not submit it, please ignore this email.\n';

/** The fixed confirmation: nothing the visitor typed appears in it. */
export function buildAutoresponseEmail(to: string, ledgerKey: string, from: string): SendMailOptions {
  const stable = createHash('sha256').update(ledgerKey).digest('hex').slice(0, 24);
  return {
    from,
    to,
    subject: SUBJECT,
    messageId: `<autoresponse-${stable}@${senderDomain(from)}>`,
    headers: { 'X-Lead-Notice': 'autoresponse', 'Auto-Submitted': 'auto-replied' },
    text: TEXT,
  };
}
