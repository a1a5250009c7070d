import { join } from 'node:path';
import {
  CustomField,
  FormDefinition,
  FormField,
  isCustomField,
  Lang,
  LEAD_LIMITS,
  MessageKey,
  PublicFieldError,
  t as translate,
  UTM_KEYS,
} from '@app/contracts';
import { Views } from '../views';
import { privacyHref } from './privacy-href';

/**
 * The hosted form's templates (views/*.eta, copied beside the compiled code
 * by scripts/build-assets.js): one for the gateway's GET /f/:slug and the
 * Forms editor's preview on the worker, so the preview is the page.
 */
const formViews = new Views(join(__dirname, 'views'));

/** The `lang` attribute of a page in each language. */
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const TRANSLATE: Record<Lang, Translate> = {
  zh: (key, params) => translate('zh', key, params),
  en: (key, params) => translate('en', key, params),
};

/** What form-hidden-inputs.eta reads: the token and what travels with the post. */
export interface HiddenInputsView {
  token: string;
  lang: Lang;
  passThrough: [string, string][];
}

/** The hidden inputs every form page posts (the timing token, the language, UTM tags and `_next`). */
export function renderFormHiddenInputs(view: HiddenInputsView): string {
  return formViews.render('form-hidden-inputs', view);
}

/** What a hosted form page shows; values and errors only when a browser post is rendered again. */
export interface HostedFormModel {
  form: FormDefinition;
  lang: Lang;
  token: string;
  privacyPolicyUrl: string;
  companyName: string;
  consentRequired: boolean;
  hotline?: string;
  values?: Record<string, string | string[]>;
  errors?: PublicFieldError[];
}

/** One control of the page, already decided: views/hosted-form.eta only writes it out. */
interface ControlView {
  key: string;
  kind: 'input' | 'textarea' | 'select' | 'multiselect' | 'checkbox' | 'consent';
  inputType: string;
  label: string;
  required: boolean;
  value: string;
  checked: boolean;
  options: { value: string; label: string; selected: boolean }[];
  attrs: [string, string][];
  error: string;
}

const BUILTIN_INPUTS: Record<string, { type: string; maxLength: number; autocomplete: string }> = {
  name: { type: 'text', maxLength: LEAD_LIMITS.name, autocomplete: 'name' },
  company: { type: 'text', maxLength: LEAD_LIMITS.company, autocomplete: 'organization' },
  phone: { type: 'tel', maxLength: LEAD_LIMITS.phone, autocomplete: 'tel' },
  email: { type: 'email', maxLength: LEAD_LIMITS.email, autocomplete: 'email' },
};
const CUSTOM_INPUT_TYPES: Record<string, string> = {
  text: 'text',
  number: 'number',
  date: 'date',
  email: 'email',
  phone: 'tel',
  url: 'url',
};
/** Built-ins required unless the form says otherwise (the same rule compileForm applies). */
const REQUIRED_BY_DEFAULT = new Set(['name', 'requirement']);
const CHECKED = new Set(['on', 'true', '1', 'yes', 'y', 'checked', 'agree']);
const PASSED_THROUGH = ['_next', ...UTM_KEYS];

/** The answers of a posted body worth showing again: the form's own keys and what travels with the post. */
export function hostedValuesFrom(form: FormDefinition, body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return values;
  const posted = body as Record<string, unknown>;
  for (const key of [...form.fields.map((f) => f.key), ...PASSED_THROUGH]) {
    const v = posted[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[key] = String(v);
    else if (Array.isArray(v)) values[key] = v.filter((x): x is string => typeof x === 'string');
  }
  return values;
}

function textOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[value.length - 1] ?? '') : (value ?? '');
}

function customControl(field: CustomField, lang: Lang, value: string | string[] | undefined): Omit<ControlView, 'error'> {
  const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
  const attrs: [string, string][] = [];
  if (field.maxLength) attrs.push(['maxlength', String(field.maxLength)]);
  if (field.min !== undefined) attrs.push(['min', String(field.min)]);
  if (field.max !== undefined) attrs.push(['max', String(field.max)]);
  if (field.type === 'number') attrs.push(['step', 'any']);
  const kind =
    field.type === 'textarea' || field.type === 'select' || field.type === 'multiselect' || field.type === 'checkbox'
      ? field.type
      : 'input';
  return {
    key: field.key,
    kind,
    inputType: CUSTOM_INPUT_TYPES[field.type] ?? 'text',
    label: field.label[lang],
    required: field.required === true,
    value: textOf(value),
    checked: CHECKED.has(textOf(value).trim().toLowerCase()),
    options: (field.options ?? []).map((o) => ({ value: o.value, label: o.label[lang], selected: chosen.has(o.value) })),
    attrs,
  };
}

function builtinControl(field: FormField, model: HostedFormModel, t: Translate): Omit<ControlView, 'error'> {
  const value = textOf(model.values?.[field.key]);
  const required =
    field.key === 'consent'
      ? model.consentRequired || field.required === true
      : (field.required ?? REQUIRED_BY_DEFAULT.has(field.key));
  const own = field.label?.[model.lang];
  const input = BUILTIN_INPUTS[field.key];
  const base = { key: field.key, required, value, checked: CHECKED.has(value.trim().toLowerCase()), options: [] };
  if (field.key === 'consent')
    return { ...base, kind: 'consent', inputType: 'checkbox', label: own ?? t('form.consent.before'), attrs: [] };
  const label = own ?? t(`form.label.${field.key as 'name'}`);
  if (!input) {
    return { ...base, kind: 'textarea', inputType: '', label, attrs: [['maxlength', String(LEAD_LIMITS.requirement)]] };
  }
  return {
    ...base,
    kind: 'input',
    inputType: input.type,
    label,
    attrs: [
      ['maxlength', String(input.maxLength)],
      ['autocomplete', input.autocomplete],
    ],
  };
}

/** The hosted form, rendered: its page's title and language, and the markup inside the page's body. */
export interface HostedForm {
  title: string;
  htmlLang: string;
  body: string;
}

/**
 * A form's own page body (GET /f/:slug), its fields in the form's order
 * with the form's labels, posting to /api/forms/:slug/leads with the same
 * hidden token, honeypot and consent as GET /; the gateway's
 * /assets/form.js upgrades it to a fetch post with inline errors. Every
 * value is escaped by the templates.
 */
export function renderHostedForm(model: HostedFormModel): HostedForm {
  const { form, lang } = model;
  const t = TRANSLATE[lang];
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const errors = model.errors ?? [];
  const messages = new Map<string, string[]>();
  for (const e of errors) messages.set(e.field, [...(messages.get(e.field) ?? []), e.message]);
  // With CONSENT_REQUIRED no post goes through without consent: a form that leaves it out still asks for it.
  const fields: FormField[] =
    model.consentRequired && !form.fields.some((f) => f.key === 'consent') ? [...form.fields, { key: 'consent' }] : form.fields;
  const controls: ControlView[] = fields.map((field) => ({
    ...(isCustomField(field) ? customControl(field, lang, model.values?.[field.key]) : builtinControl(field, model, t)),
    error: [...new Set(messages.get(field.key) ?? [])].join(' '),
  }));
  const known = new Set(fields.map((f) => f.key));
  const seen = new Set<string>();
  const summary = errors
    .filter((e) => !seen.has(e.message) && seen.add(e.message))
    .map((e) => ({ field: known.has(e.field) ? e.field : null, message: e.message }));
  const passThrough = PASSED_THROUGH.flatMap((key): [string, string][] => {
    const v = model.values?.[key];
    return typeof v === 'string' ? [[key, v]] : [];
  });
  const company = model.companyName.trim();
  const title = (errors.length ? t('form.errorTitlePrefix') : '') + (company ? `${form.name} · ${company}` : form.name);
  const body = formViews.render('hosted-form', {
    lang,
    t,
    name: form.name,
    company,
    action: `/api/forms/${encodeURIComponent(form.slug)}/leads`,
    otherLang: { href: `/f/${encodeURIComponent(form.slug)}?lang=${other}`, code: other, htmlLang: HTML_LANG[other] },
    summary,
    hiddenInputs: renderFormHiddenInputs({ token: model.token, lang, passThrough }),
    controls,
    privacyHref: privacyHref(model.privacyPolicyUrl, lang),
    hotline: model.hotline ?? '',
  });
  return { title, htmlLang: HTML_LANG[lang], body };
}
