import type { SendMailOptions } from 'nodemailer';
import { beijingMinutes, storableText, t, type Lang, type MessageKey } from '@app/contracts';
import { senderDomain } from './email-fields';

/** What the admins' email needs of a dead letter. */
export interface DeadLetterMail {
  id: string;
  reason: string;
  /** The raw job data as JSON text. */
  payload: string;
  createdAt: Date;
}

const FIELDS = ['name', 'phoneRaw', 'email', 'company', 'requirement'] as const;
const LABEL: Record<(typeof FIELDS)[number], MessageKey> = {
  name: 'form.label.name',
  phoneRaw: 'form.label.phone',
  email: 'form.label.email',
  company: 'form.label.company',
  requirement: 'lead.field.requirement',
};

/**
 * The contact fields that can still be read from the raw data, made safe
 * to print (lone surrogates as U+FFFD, no NUL, control characters as
 * spaces), so someone can call the customer while the lead is repaired.
 */
export function readableFields(payload: string): [string, string][] | null {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return null;
  }
  const fields = (data as { fields?: Record<string, unknown> } | null)?.fields;
  if (!fields || typeof fields !== 'object') return null;
  const out: [string, string][] = [];
  for (const key of FIELDS) {
    const v = fields[key];
    if (typeof v !== 'string' || v.trim() === '') continue;
    out.push([
      key,
      storableText(v)
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
        .slice(0, 2000),
    ]);
  }
  return out;
}

/** Plain text to the admins (no HTML part: the text is the visitor's, shown as it is). */
export function buildDeadLetterEmail(dl: DeadLetterMail, s: { from: string; to: string[]; pageUrl: string }): SendMailOptions {
  const fields = readableFields(dl.payload);
  const section = (lang: Lang): string[] => [
    t(lang, 'deadLetter.email.intro'),
    '',
    `${t(lang, 'deadLetter.page.reason')}: ${storableText(dl.reason)}`,
    `${t(lang, 'lead.field.receivedAt')}: ${beijingMinutes(lang === 'zh' ? 'zh-CN' : 'en-GB').format(dl.createdAt)}`,
    ...(fields
      ? fields.map(([k, v]) => `${t(lang, LABEL[k as (typeof FIELDS)[number]])}: ${v}`)
      : [t(lang, 'deadLetter.email.unreadable')]),
    '',
    `${t(lang, 'deadLetter.email.open')}: ${s.pageUrl}`,
  ];
  return {
    from: s.from,
    to: s.to.join(', '),
    subject: t('zh', 'deadLetter.email.subject'),
    messageId: `<dead-letter-${dl.id}@${senderDomain(s.from)}>`,
    text: [...section('zh'), '', '---', '', ...section('en'), ''].join('\n'),
    headers: { 'X-Lead-Notice': 'dead-letter', 'X-Dead-Letter-Id': dl.id },
  };
}
