/*
 * embed.js with data-form="<slug>": draws that form's questions (from
 * GET /api/forms/:slug) as a plain <form>, which embed.js then enhances like
 * a form the page wrote itself. Text goes in through textContent and
 * attributes only, never as markup.
 */
import type { Lang } from '@app/contracts/lead.types';
import { t } from './lead-form-texts';

interface LocalText {
  zh: string;
  en: string;
}

/** The public part of a form definition (apps/gateway/src/forms/public-form.ts). */
export interface EmbeddedForm {
  slug: string;
  language: Lang;
  endpoint: string;
  consentRequired: boolean;
  fields: {
    key: string;
    type?: string;
    label?: LocalText;
    required?: boolean;
    maxLength?: number;
    min?: number;
    max?: number;
    options?: { value: string; label: LocalText }[];
  }[];
}

const BUILTIN_TYPES: Record<string, string> = {
  name: 'text',
  company: 'text',
  phone: 'tel',
  email: 'email',
  requirement: 'textarea',
  consent: 'consent',
};
const INPUT_TYPES: Record<string, string> = { number: 'number', date: 'date', email: 'email', phone: 'tel', url: 'url' };
const REQUIRED_BY_DEFAULT = new Set(['name', 'requirement']);

type Field = EmbeddedForm['fields'][number];

function control(field: Field, kind: string, id: string, lang: Lang): HTMLElement {
  if (kind === 'textarea') {
    const area = document.createElement('textarea');
    area.rows = 5;
    if (field.maxLength) area.maxLength = field.maxLength;
    return area;
  }
  if (kind === 'select' || kind === 'multiselect') {
    const select = document.createElement('select');
    select.multiple = kind === 'multiselect';
    if (!select.multiple) select.append(new Option(t(lang, 'form.choose'), ''));
    for (const o of field.options ?? []) select.append(new Option(o.label[lang], o.value));
    return select;
  }
  const input = document.createElement('input');
  input.type = kind === 'checkbox' || kind === 'consent' ? 'checkbox' : kind;
  if (input.type === 'checkbox') input.value = 'on';
  if (field.maxLength) input.maxLength = field.maxLength;
  if (field.min !== undefined) input.min = String(field.min);
  if (field.max !== undefined) input.max = String(field.max);
  if (kind === 'number') input.step = 'any';
  input.id = id;
  return input;
}

/** The form's fields in its order, each a label and its control, named as the form's endpoint expects. */
export function buildForm(form: EmbeddedForm, lang: Lang, gateway: string): HTMLFormElement {
  const el = document.createElement('form');
  el.action = new URL(form.endpoint, gateway).toString();
  el.method = 'post';
  el.setAttribute('data-lang', lang);
  el.className = 'lf-form';
  // With CONSENT_REQUIRED no post goes through without consent: a form that leaves it out still asks for it.
  const fields =
    form.consentRequired && !form.fields.some((f) => f.key === 'consent') ? [...form.fields, { key: 'consent' }] : form.fields;
  for (const [i, field] of fields.entries()) {
    const kind = BUILTIN_TYPES[field.key] ?? INPUT_TYPES[field.type ?? ''] ?? field.type ?? 'text';
    const required =
      field.key === 'consent'
        ? form.consentRequired || field.required === true
        : (field.required ?? REQUIRED_BY_DEFAULT.has(field.key));
    const id = `lf-${form.slug}-${i}-${field.key}`;
    const input = control(field, kind, id, lang);
    input.id = id;
    input.setAttribute('name', field.key);
    if (required) input.setAttribute('required', '');
    const label = document.createElement('label');
    label.htmlFor = id;
    const builtin = BUILTIN_TYPES[field.key]
      ? t(lang, field.key === 'consent' ? 'form.consent.before' : `form.label.${field.key as 'name'}`)
      : '';
    label.textContent = field.label?.[lang] ?? builtin;
    if (kind === 'consent') {
      const link = document.createElement('a');
      link.href = new URL(`/privacy?lang=${lang}`, gateway).toString();
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = t(lang, 'form.consent.link');
      label.append(link);
    }
    if (required) label.append(` (${t(lang, 'form.required')})`);
    const row = document.createElement('p');
    row.className = 'lf-field';
    if (input instanceof HTMLInputElement && input.type === 'checkbox') row.append(input, ' ', label);
    else row.append(label, input);
    el.append(row);
  }
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = t(lang, 'form.submit');
  el.append(button);
  return el;
}
