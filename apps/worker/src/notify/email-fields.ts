import { t, UTM_KEYS, type Lang } from '@app/contracts';
import type { Lead } from '../data/lead';
import { beijingTimestamp } from './beijing-timestamp';
import { answerText, formTitle, labelIn, type LeadAnswers } from './lead-answers';

/** A labelled value of an email, as the visitor typed it (escaping is the view's job). */
export type FieldRow = [label: string, value: string];

const CONTACT_FIELDS = [
  ['name', 'email.field.name'],
  ['company', 'email.field.company'],
  ['phone', 'email.field.phone'],
  ['email', 'email.field.email'],
  ['requirement', 'email.field.requirement'],
] as const;

// Defence in depth: the gateway already refuses control characters in
// single-line fields, but nothing that reaches a header may break a line.
export const oneLine = (v: string) => v.replace(/[\r\n\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

/** Domain for Message-IDs: the sender's, so they look like our own mail. */
export function senderDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match ? match[1].toLowerCase() : 'localhost';
}

/** "name · company" on one line, for subjects and digest headings. */
export function leadWho(lead: Lead): string {
  return `${oneLine(lead.name)}${lead.company ? ` · ${oneLine(lead.company)}` : ''}`;
}

function receivedAt(d: Date, lang: Lang): string {
  return t(lang, 'email.value.receivedAt', { local: beijingTimestamp(d, lang), iso: d.toISOString() });
}

/** `keys` with those of `first` in its order first, then the rest by name. */
function inOrder(keys: string[], first: readonly string[] = []): string[] {
  const known = first.filter((k) => keys.includes(k));
  return [...known, ...keys.filter((k) => !first.includes(k)).sort()];
}

/** The form's name, then its custom answers in the form's order, labelled as the form the lead was posted under. */
export function answerRows(answers: LeadAnswers | null | undefined, lang: Lang): FieldRow[] {
  if (!answers) return [];
  return [
    [t(lang, 'email.field.form'), formTitle(answers)],
    ...answers.fields.map((f): FieldRow => [labelIn(f.label, lang, f.key), answerText(f, lang)]),
  ];
}

/** Every field of the lead as [label, value] rows, empty ones left out; the form's answers after the contact. */
export function leadRows(lead: Lead, lang: Lang = 'zh', answers?: LeadAnswers | null): FieldRow[] {
  const missing = t(lang, 'email.value.missing');
  const rows: FieldRow[] = [];
  for (const [key, label] of CONTACT_FIELDS) {
    const value = lead[key];
    if (typeof value === 'string' && value !== '') rows.push([t(lang, label), value]);
  }
  if (lead.phoneRaw && lead.phoneRaw !== lead.phone) rows.push([t(lang, 'email.field.phoneRaw'), lead.phoneRaw]);
  rows.push([
    t(lang, 'email.field.consent'),
    lead.consent
      ? t(lang, 'email.value.consentYes', { version: lead.privacyPolicyVersion ?? missing })
      : t(lang, 'email.value.unchecked'),
  ]);
  rows.push(...answerRows(answers, lang));
  // In a fixed order, whether the lead came from the job (as the form sent
  // it) or from the jsonb columns (which keep their own key order).
  const utm = lead.utm ?? {};
  for (const k of inOrder(Object.keys(utm), UTM_KEYS)) rows.push([k, utm[k]]);
  const extras = lead.extras ?? {};
  for (const k of inOrder(Object.keys(extras))) rows.push([t(lang, 'email.field.extra', { key: k }), extras[k]]);
  rows.push([t(lang, 'email.field.page'), lead.page ?? missing]);
  rows.push([t(lang, 'email.field.ip'), lead.ip ?? missing]);
  rows.push([t(lang, 'email.field.userAgent'), lead.userAgent ?? missing]);
  rows.push([t(lang, 'email.field.receivedAt'), receivedAt(lead.receivedAt, lang)]);
  rows.push([t(lang, 'email.field.leadId'), lead.id]);
  return rows;
}
