import { isCustomField, t, type CustomField, type CustomValue, type Lang, type LocalText } from '@app/contracts';
import type { LeadForm } from '../data/form.repository';

/** One custom answer, labelled by the definition the lead was posted under. */
export interface AnswerRow {
  key: string;
  type: CustomField['type'];
  label: LocalText;
  value: CustomValue;
  /** The field's options, so a select shows the option's label rather than its value. */
  options?: CustomField['options'];
}

/** The form a lead came through and its custom answers, in the form's order. */
export interface LeadAnswers {
  form: { slug: string; version: number; name: string | null };
  fields: AnswerRow[];
}

/**
 * The lead's answers in the order of its form version; answers that version
 * does not declare (its definition was not stored) follow, labelled by key,
 * so nothing the visitor sent is lost. Null for a plain default-form lead.
 */
export function leadAnswers(form: LeadForm | null): LeadAnswers | null {
  if (!form) return null;
  const custom = form.custom ?? {};
  const declared = form.fields.filter(isCustomField);
  const fields: AnswerRow[] = [];
  for (const f of declared) {
    const value = custom[f.key];
    if (value === undefined || value === null || value === '') continue;
    fields.push({ key: f.key, type: f.type, label: f.label, value, ...(f.options ? { options: f.options } : {}) });
  }
  const known = new Set(declared.map((f) => f.key));
  for (const key of Object.keys(custom).sort()) {
    if (known.has(key) || custom[key] === '') continue;
    fields.push({ key, type: 'text', label: { zh: key, en: key }, value: custom[key] });
  }
  return { form: { slug: form.slug, version: form.version, name: form.name }, fields };
}

/** A label in `lang`, else the other language, else the key. */
export function labelIn(label: LocalText | undefined, lang: Lang, key: string): string {
  return label?.[lang] || label?.[lang === 'zh' ? 'en' : 'zh'] || key;
}

/** The answer as a person reads it: option labels instead of values, yes for a ticked box. */
export function answerText(row: Pick<AnswerRow, 'value' | 'options' | 'type'>, lang: Lang): string {
  const optionLabel = (v: string) => {
    const option = row.options?.find((o) => o.value === v);
    return option ? labelIn(option.label, lang, v) : v;
  };
  if (Array.isArray(row.value)) return row.value.map(optionLabel).join(', ');
  if (typeof row.value === 'boolean') return t(lang, row.value ? 'email.value.checked' : 'email.value.unchecked');
  if (typeof row.value === 'number') return String(row.value);
  return row.type === 'select' ? optionLabel(row.value) : row.value;
}

/** The form's name as shown: its name, else its slug. */
export function formTitle(answers: LeadAnswers): string {
  return answers.form.name || answers.form.slug;
}
