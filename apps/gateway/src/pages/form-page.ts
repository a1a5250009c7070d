import { LEAD_LIMITS, UTM_KEYS } from '@app/contracts';
import { escapeHtml } from './html';

export type FormLang = 'zh' | 'en';

export interface FormPageError {
  field: string;
  message: string;
}

export interface FormPageOptions {
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
}

/** The form's fields in page order; ids are `f-<field>`, error texts `f-<field>-error`. */
export const FORM_FIELDS = ['name', 'company', 'phone', 'email', 'requirement', 'consent'] as const;
type FormField = (typeof FORM_FIELDS)[number];

/** Fields echoed back into the page after a failed post (never the honeypot or token). */
const ECHOED_FIELDS = new Set<string>([...FORM_FIELDS, '_next', ...UTM_KEYS]);

const TEXT = {
  zh: {
    htmlLang: 'zh-CN',
    title: '需求描述',
    intro: '请留下您的需求和联系方式。',
    promise: '您提交表格后,我们会即刻与您联系',
    required: '必填',
    name: '姓名',
    company: '公司',
    contact: '联系方式',
    contactHint: '电话和邮箱至少填写一项。',
    phone: '电话',
    phonePlaceholder: '例如 13812345678',
    email: '邮箱',
    emailPlaceholder: 'name@example.com',
    requirement: '需求描述',
    requirementHint: (n: number) => `请描述您需要的产品或服务、数量、时间等,最多 ${n} 字。`,
    consentBefore: '我已阅读并同意',
    consentLink: '《隐私政策》',
    consentAfter: '',
    newWindow: '(在新窗口打开)',
    submit: '提交',
    summary: '提交未成功,请修改以下内容:',
    errorTitlePrefix: '提交未成功 - ',
    otherLang: 'English',
    otherLangCode: 'en',
    honeypot: '请勿填写此项',
  },
  en: {
    htmlLang: 'en',
    title: 'Tell us what you need',
    intro: 'Leave your requirement and how to reach you.',
    promise: 'Once you submit the form, we will contact you right away.',
    required: 'required',
    name: 'Name',
    company: 'Company',
    contact: 'Contact',
    contactHint: 'Give at least a phone number or an email address.',
    phone: 'Phone',
    phonePlaceholder: 'e.g. +86 138 1234 5678',
    email: 'Email',
    emailPlaceholder: 'name@example.com',
    requirement: 'Your requirement',
    requirementHint: (n: number) => `Products or services, quantities, timing… at most ${n} characters.`,
    consentBefore: 'I have read and agree to the ',
    consentLink: 'Privacy Policy',
    consentAfter: '',
    newWindow: ' (opens in a new window)',
    submit: 'Submit',
    summary: 'Your request was not sent. Please correct the following:',
    errorTitlePrefix: 'Error: ',
    otherLang: '中文',
    otherLangCode: 'zh',
    honeypot: 'Leave this field empty',
  },
} as const;

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

/** One summary line per message: "phone or email" is one problem, reported on both fields. */
function uniqueMessages(errors: FormPageError[]): FormPageError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

/** Only http(s) or site-relative links; anything else (javascript:, data:) becomes the default. */
function safeHref(url: string): string {
  const u = url.trim();
  if (/^https?:\/\//i.test(u) || (u.startsWith('/') && !u.startsWith('//'))) return u;
  return '/privacy';
}

function isChecked(value: string | undefined): boolean {
  return (
    value !== undefined && ['on', 'true', '1', 'yes', 'y', 'agree', 'agreed', 'checked'].includes(value.trim().toLowerCase())
  );
}

/**
 * The 需求描述 form page: works as a plain HTML form post to /api/leads;
 * /assets/form.js upgrades it to a fetch post with inline errors.
 */
export function renderFormPage(opts: FormPageOptions): string {
  const lang: FormLang = opts.lang === 'en' ? 'en' : 'zh';
  const t = TEXT[lang];
  const values = opts.values ?? {};
  const errors = opts.errors ?? [];

  // Messages per known field; anything else (extras, the body) only in the summary.
  const fieldErrors = new Map<string, string[]>();
  for (const e of errors) {
    const list = fieldErrors.get(e.field) ?? [];
    list.push(e.message);
    fieldErrors.set(e.field, list);
  }

  const errorOf = (field: FormField): string => {
    const messages = fieldErrors.get(field);
    const text = messages ? [...new Set(messages)].join(' ') : '';
    return `<p class="field-error" id="f-${field}-error"${text ? '' : ' hidden'}>${escapeHtml(text)}</p>`;
  };
  /** aria-invalid / aria-describedby for a control, given its hint ids. */
  const aria = (field: FormField, hints: string[] = []): string => {
    const invalid = fieldErrors.has(field);
    const ids = [...hints, ...(invalid ? [`f-${field}-error`] : [])];
    return (invalid ? ' aria-invalid="true"' : '') + (ids.length ? ` aria-describedby="${ids.join(' ')}"` : '');
  };
  const value = (field: string): string => escapeHtml(values[field] ?? '');
  const requiredTag = `<span class="req">${t.required}</span>`;

  const summary = errors.length
    ? `<div class="error-summary" id="error-summary" role="alert" tabindex="-1">
<h2>${t.summary}</h2>
<ul>${uniqueMessages(errors)
        .map((e) => {
          const known = (FORM_FIELDS as readonly string[]).includes(e.field);
          const text = escapeHtml(e.message);
          return `<li>${known ? `<a href="#f-${escapeHtml(e.field)}">${text}</a>` : text}</li>`;
        })
        .join('')}</ul>
</div>`
    : `<div class="error-summary" id="error-summary" role="alert" tabindex="-1" hidden><h2>${t.summary}</h2><ul></ul></div>`;

  const notice = opts.notice ? `<p class="notice" role="alert">${escapeHtml(opts.notice)}</p>` : '';

  // Hidden extras a page linking here may have passed through (UTM tags, _next).
  const passThrough = Object.entries(values)
    .filter(([k]) => k === '_next' || (UTM_KEYS as readonly string[]).includes(k))
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');

  const company = opts.companyName.trim();
  const title = (errors.length ? t.errorTitlePrefix : '') + (company ? `${t.title} · ${company}` : t.title);
  const limit = LEAD_LIMITS.requirement;
  const requirementLength = [...(values.requirement ?? '')].length;
  const consentRequired = opts.consentRequired === true;

  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/form.css">
<script src="/assets/form.js" defer></script>
</head>
<body>
<header class="top">
${company ? `<p class="brand">${escapeHtml(company)}</p>` : '<span></span>'}
<a class="lang-switch" href="/?lang=${t.otherLangCode}" hreflang="${t.otherLangCode}" lang="${TEXT[t.otherLangCode].htmlLang}">${t.otherLang}</a>
</header>
<main id="main" class="card">
<h1>${t.title}</h1>
<p class="promise">${t.promise}</p>
<p class="intro">${t.intro}</p>
${notice}
${summary}
<form id="lead-form" class="lead-form" action="/api/leads" method="post" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" data-lead-form data-lang="${lang}">
<input type="hidden" name="_token" value="${escapeHtml(opts.token)}">
<input type="hidden" name="_lang" value="${lang}">
${passThrough}
<div class="hp" aria-hidden="true" style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden">
<label for="f-gotcha">${t.honeypot}</label>
<input type="text" id="f-gotcha" name="_gotcha" value="" tabindex="-1" autocomplete="off">
</div>

<div class="field">
<label for="f-name">${t.name} ${requiredTag}</label>
<input type="text" id="f-name" name="name" value="${value('name')}" maxlength="${LEAD_LIMITS.name}" autocomplete="name" required${aria('name')}>
${errorOf('name')}
</div>

<div class="field">
<label for="f-company">${t.company}</label>
<input type="text" id="f-company" name="company" value="${value('company')}" maxlength="${LEAD_LIMITS.company}" autocomplete="organization"${aria('company')}>
${errorOf('company')}
</div>

<fieldset class="contact">
<legend>${t.contact} ${requiredTag}</legend>
<p class="hint" id="contact-hint">${t.contactHint}</p>
<div class="field">
<label for="f-phone">${t.phone}</label>
<input type="tel" id="f-phone" name="phone" value="${value('phone')}" maxlength="${LEAD_LIMITS.phone}" autocomplete="tel" inputmode="tel" placeholder="${escapeHtml(t.phonePlaceholder)}"${aria('phone', ['contact-hint'])}>
${errorOf('phone')}
</div>
<div class="field">
<label for="f-email">${t.email}</label>
<input type="email" id="f-email" name="email" value="${value('email')}" maxlength="${LEAD_LIMITS.email}" autocomplete="email" inputmode="email" spellcheck="false" placeholder="${escapeHtml(t.emailPlaceholder)}"${aria('email', ['contact-hint'])}>
${errorOf('email')}
</div>
</fieldset>

<div class="field">
<label for="f-requirement">${t.requirement} ${requiredTag}</label>
<p class="hint" id="f-requirement-hint">${escapeHtml(t.requirementHint(limit))}</p>
<textarea id="f-requirement" name="requirement" rows="8" maxlength="${limit}" required${aria('requirement', ['f-requirement-hint'])}>${value('requirement')}</textarea>
<p class="counter" id="f-requirement-counter" aria-hidden="true" data-limit="${limit}" hidden><span class="count">${requirementLength}</span> / ${limit}</p>
<p class="visually-hidden" id="f-requirement-live" aria-live="polite"></p>
${errorOf('requirement')}
</div>

<div class="field field-check">
<input type="checkbox" id="f-consent" name="consent" value="on"${isChecked(values.consent) ? ' checked' : ''}${consentRequired ? ' required' : ''}${aria('consent')}>
<label for="f-consent">${t.consentBefore}<a href="${escapeHtml(safeHref(opts.privacyPolicyUrl))}" target="_blank" rel="noopener">${t.consentLink}<span class="visually-hidden">${t.newWindow}</span></a>${t.consentAfter}${consentRequired ? ` ${requiredTag}` : ''}</label>
${errorOf('consent')}
</div>

<div class="form-status" id="form-status" role="alert"></div>
<button type="submit" class="submit">${t.submit}</button>
</form>
</main>
</body>
</html>`;
}
