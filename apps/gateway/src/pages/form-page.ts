import { LEAD_LIMITS, Lang, UTM_KEYS } from '@app/contracts';
import { HTML_LANG, pageViews, TRANSLATE, Translate } from './page-views';
import { privacyHref, renderFormHiddenInputs, type HiddenInputsView } from '@app/views';

export type FormLang = Lang;

export interface FormPageError {
  field: string;
  message: string;
}

export interface FormPageModel {
  lang: FormLang;
  /** The signed timing token (FormTokenService.issue(), or the one the visitor posted). */
  token: string;
  privacyPolicyUrl: string;
  companyName: string;
  /** What the visitor typed, when re-rendering after a failed post without JavaScript. */
  values?: Record<string, string>;
  /** Per-field errors of that post (already localized). */
  errors?: FormPageError[];
  /** A message for the whole form (e.g. "too many posts, retry in a minute"), shown as an alert. */
  notice?: string;
  /** Mark the consent checkbox as required (CONSENT_REQUIRED). Default false. */
  consentRequired?: boolean;
  /** CONTACT_HOTLINE, which the thank-you box shows after a fetch post. */
  hotline?: string;
}

/** The form's fields in page order; ids are `f-<field>`, error texts `f-<field>-error`. */
export const FORM_FIELDS = ['name', 'company', 'phone', 'email', 'requirement', 'consent'] as const;
type FormField = (typeof FORM_FIELDS)[number];

/** Fields echoed back into the page after a failed post (never the honeypot or token). */
const ECHOED_FIELDS = new Set<string>([...FORM_FIELDS, '_next', ...UTM_KEYS]);
const PASSED_THROUGH = new Set<string>(['_next', ...UTM_KEYS]);

/** Hint paragraphs each control is described by, besides its error. */
const HINTS: Partial<Record<FormField, string>> = {
  phone: 'contact-hint',
  email: 'contact-hint',
  requirement: 'f-requirement-hint',
};

const CHECKED = new Set(['on', 'true', '1', 'yes', 'y', 'agree', 'agreed', 'checked']);

interface FieldView {
  value: string;
  error: string;
  invalid: boolean;
  describedBy: string;
}

/** What views/form-page.eta reads. */
interface FormPageView {
  lang: Lang;
  htmlLang: string;
  t: Translate;
  title: string;
  company: string;
  otherLang: { code: Lang; htmlLang: string };
  notice: string;
  summary: { field: FormField | null; message: string }[];
  /** views/form-hidden-inputs.eta, rendered: the token and what travels with the post. */
  hiddenInputs: string;
  fields: Record<FormField, FieldView>;
  limits: typeof LEAD_LIMITS;
  requirementLength: number;
  consentChecked: boolean;
  consentRequired: boolean;
  privacyHref: string;
  hotline: string;
}

/** Stands for the hidden inputs in a cached blank page; never produced by escaping. */
const HIDDEN_INPUTS_SLOT = '\u0000hidden-inputs\u0000';

/** The blank form (no values, errors or notice) around its hidden inputs, per language and settings. */
const blankPages = new Map<string, [before: string, after: string]>();

/** Picks the known text fields of a posted body, for re-rendering the form with what was typed. */
export function formValuesFrom(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!ECHOED_FIELDS.has(key)) continue;
    if (typeof value === 'string') values[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') values[key] = String(value);
  }
  return values;
}

function isFormField(field: string): field is FormField {
  return (FORM_FIELDS as readonly string[]).includes(field);
}

function fieldViews(values: Record<string, string>, errors: FormPageError[]): Record<FormField, FieldView> {
  const messages = new Map<string, Set<string>>();
  for (const e of errors) messages.set(e.field, (messages.get(e.field) ?? new Set()).add(e.message));
  const views = {} as Record<FormField, FieldView>;
  for (const field of FORM_FIELDS) {
    const own = messages.get(field);
    const hint = HINTS[field];
    views[field] = {
      value: values[field] ?? '',
      error: own ? [...own].join(' ') : '',
      invalid: own !== undefined,
      describedBy: [hint, own ? `f-${field}-error` : undefined].filter(Boolean).join(' '),
    };
  }
  return views;
}

/** One summary line per message: "phone or email" is one problem, reported on both fields. */
function summaryOf(errors: FormPageError[]): FormPageView['summary'] {
  const seen = new Set<string>();
  return errors
    .filter((e) => !seen.has(e.message) && seen.add(e.message))
    .map((e) => ({ field: isFormField(e.field) ? e.field : null, message: e.message }));
}

/**
 * The 需求描述 form page: works as a plain HTML form post to /api/leads;
 * /assets/form.js upgrades it to a fetch post with inline errors.
 *
 * GET / is served on every visit and differs between visitors only in its
 * hidden inputs (the timing token, UTM tags): that blank page is rendered
 * once per language and settings, and each request renders only the inputs.
 */
export function renderFormPage(model: FormPageModel): string {
  const lang: Lang = model.lang === 'en' ? 'en' : 'zh';
  const values = model.values ?? {};
  const hidden: HiddenInputsView = {
    token: model.token,
    lang,
    // UTM tags and _next a page linking here passed through travel with the post.
    passThrough: Object.entries(values).filter(([key]) => PASSED_THROUGH.has(key)),
  };
  const hiddenInputs = renderFormHiddenInputs(hidden);
  const blank = !model.errors?.length && !model.notice && Object.keys(values).every((key) => PASSED_THROUGH.has(key));
  if (!blank) return renderPage(model, lang, hiddenInputs);

  const key = JSON.stringify([
    lang,
    model.companyName,
    model.privacyPolicyUrl,
    model.consentRequired === true,
    model.hotline ?? '',
  ]);
  let parts = blankPages.get(key);
  if (!parts) {
    const split = renderPage(model, lang, HIDDEN_INPUTS_SLOT).split(HIDDEN_INPUTS_SLOT);
    if (split.length !== 2) throw new Error('the form page template must write its hidden inputs exactly once');
    parts = [split[0], split[1]];
    blankPages.set(key, parts);
  }
  return parts[0] + hiddenInputs + parts[1];
}

function renderPage(model: FormPageModel, lang: Lang, hiddenInputs: string): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const t = TRANSLATE[lang];
  const values = model.values ?? {};
  const errors = model.errors ?? [];
  const company = model.companyName.trim();
  const title =
    (errors.length ? t('form.errorTitlePrefix') : '') + (company ? `${t('form.title')} · ${company}` : t('form.title'));
  const view: FormPageView = {
    lang,
    htmlLang: HTML_LANG[lang],
    t,
    title,
    company,
    otherLang: { code: other, htmlLang: HTML_LANG[other] },
    notice: model.notice ?? '',
    summary: summaryOf(errors),
    hiddenInputs,
    fields: fieldViews(values, errors),
    limits: LEAD_LIMITS,
    requirementLength: [...(values.requirement ?? '')].length,
    consentChecked: values.consent !== undefined && CHECKED.has(values.consent.trim().toLowerCase()),
    consentRequired: model.consentRequired === true,
    privacyHref: privacyHref(model.privacyPolicyUrl, lang),
    hotline: model.hotline ?? '',
  };
  return pageViews.render('form-page', view);
}
