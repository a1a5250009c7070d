/*
 * Lead form embed: gives a <form> on any page of the company's site the
 * gateway's fetch behaviour (inline errors, busy button, reference id).
 *
 *   <form id="my-form" action="https://GATEWAY/api/leads" method="post"> …name, phone, email, company, requirement… </form>
 *   <script src="https://GATEWAY/embed.js" data-form="#my-form"></script>
 *
 * or mark forms with `data-lead-form` and include the script without data-form,
 * or give a form's slug, data-form="quote", to have that form drawn where the
 * script stands (its questions from GET /api/forms/quote, posting to its endpoint).
 * Optional script attributes: data-lang="zh|en" (default: the form's or page's
 * lang), data-endpoint (default: <script origin>/api/leads), data-style="none"
 * (no built-in styles). The form fires `leadform:success` (detail {id};
 * preventDefault() to show your own thank-you) and `leadform:error`
 * (detail {status, errors}). Without JavaScript the form still posts normally
 * when its action points at the gateway.
 * One self-contained file: it loads nothing else from the gateway.
 */
import type { Lang } from '@app/contracts/lead.types';
import { adaptiveCaptcha } from './captcha-widget';
import { buildForm, EmbeddedForm } from './embed-form-builder';
import { EMBED_CSS } from './embed-style';
import { problemText, t } from './lead-form-texts';
import { acceptLanguage, busyButton, controlOf, earlier, FormControl, LeadFieldError, postLead, thanksBox } from './lead-form';

// Read while this script runs: document.currentScript is null in any later callback.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
let serial = 0;
const FORM_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

function uid(prefix: string): string {
  serial += 1;
  return `${prefix}-${Date.now().toString(36)}-${serial}`;
}

function injectStyle(from: HTMLScriptElement): void {
  if (from.getAttribute('data-style') === 'none' || document.querySelector('style[data-lead-form-embed]')) return;
  const style = document.createElement('style');
  style.setAttribute('data-lead-form-embed', '');
  style.textContent = EMBED_CSS;
  // First in <head>: the page's own rules win at equal specificity.
  const head = document.head ?? document.documentElement;
  head.insertBefore(style, head.firstChild);
}

function langOf(form: HTMLFormElement, from: HTMLScriptElement): Lang {
  let explicit = form.getAttribute('data-lang') || from.getAttribute('data-lang');
  const langField = form.elements.namedItem('_lang');
  if (!explicit && langField instanceof HTMLInputElement) explicit = langField.value;
  if (!explicit) explicit = form.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'zh';
  return /^en/i.test(explicit) ? 'en' : 'zh';
}

/** A honeypot, unless the page brought its own. */
function addHoneypot(form: HTMLFormElement, lang: Lang): void {
  if (form.elements.namedItem('_gotcha')) return;
  const box = document.createElement('div');
  box.className = 'lf-hp';
  box.setAttribute('aria-hidden', 'true');
  // Also without the injected styles (data-style="none"): off-screen, not display:none, which simple bots skip.
  box.style.cssText = 'position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden';
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'text';
  input.name = '_gotcha';
  input.id = uid('lf-hp');
  input.tabIndex = -1;
  input.autocomplete = 'off';
  label.htmlFor = input.id;
  label.textContent = t(lang, 'form.honeypot');
  box.append(label, input);
  form.insertBefore(box, form.firstChild);
}

/** Where a control's error goes: after the label wrapping it, or a checkbox's label that follows it. */
function errorAnchor(el: FormControl): Element {
  let anchor: Element = el.closest('label') ?? el;
  const next = anchor.nextElementSibling;
  if ((el.type === 'checkbox' || el.type === 'radio') && next?.tagName === 'LABEL') anchor = next;
  return anchor;
}

function enhance(form: HTMLFormElement, from: HTMLScriptElement, endpoint: string): void {
  if (form.hasAttribute('data-lead-form-ready')) return;
  form.setAttribute('data-lead-form-ready', '');
  form.noValidate = true;

  const lang = langOf(form, from);
  const button = form.querySelector<HTMLButtonElement | HTMLInputElement>(
    'button[type="submit"], button:not([type]), input[type="submit"]',
  );
  const setBusy = busyButton(form, button, lang);
  let created: Element[] = [];
  let touched: { el: FormControl; describedBy: string | null }[] = [];
  let sending = false;

  addHoneypot(form, lang);
  const captcha = adaptiveCaptcha(form, endpoint, lang);
  const status = document.createElement('div');
  status.className = 'lf-status';
  status.setAttribute('role', 'alert');
  status.tabIndex = -1;
  if (button?.parentNode && form.contains(button)) button.parentNode.insertBefore(status, button);
  else form.append(status);

  const say = (text: string): void => {
    status.textContent = text;
  };

  const clearErrors = (): void => {
    for (const node of created) node.remove();
    created = [];
    for (const { el, describedBy } of touched) {
      el.classList.remove('lf-invalid');
      el.removeAttribute('aria-invalid');
      if (describedBy) el.setAttribute('aria-describedby', describedBy);
      else el.removeAttribute('aria-describedby');
    }
    touched = [];
    say('');
  };

  const showErrors = (errors: LeadFieldError[]): void => {
    let first: FormControl | null = null;
    const boxes = new Map<string, HTMLElement>();
    const orphans: string[] = [];
    for (const { field, message } of errors) {
      const el = controlOf(form, field);
      if (!el) {
        orphans.push(message);
        continue;
      }
      let box = boxes.get(field);
      if (!box) {
        box = document.createElement('p');
        box.className = 'lf-error';
        box.id = uid('lf-err');
        box.textContent = message;
        errorAnchor(el).after(box);
        created.push(box);
        boxes.set(field, box);
        touched.push({ el, describedBy: el.getAttribute('aria-describedby') });
        el.classList.add('lf-invalid');
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('aria-describedby', `${el.getAttribute('aria-describedby') ?? ''} ${box.id}`.trim());
      } else if (!(box.textContent ?? '').includes(message)) {
        box.textContent += ` ${message}`;
      }
      first = earlier(first, el);
    }
    if (orphans.length || !first) {
      const intro = document.createElement('p');
      intro.style.margin = '0';
      intro.textContent = t(lang, 'form.errorSummary');
      const list = document.createElement('ul');
      for (const message of orphans.length ? orphans : errors.map((e) => e.message)) {
        const li = document.createElement('li');
        li.textContent = message;
        list.append(li);
      }
      status.append(intro, list);
    }
    if (first) first.focus();
    else status.focus();
  };

  const showThanks = (id: string): void => {
    const box = thanksBox(lang, id, { tag: 'div', className: 'lf-thanks', idClassName: 'lf-lead-id' });
    box.setAttribute('role', 'status');
    form.after(box);
    form.hidden = true;
    form.style.display = 'none';
    box.focus();
  };

  /** Tells the page; false when a listener called preventDefault(). */
  const fire = (name: string, detail: object, cancelable = false): boolean =>
    form.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable, detail }));

  const submit = async (): Promise<void> => {
    // urlencoded, no custom headers: a CORS "simple" request, no preflight round trip.
    const body = new URLSearchParams();
    new FormData(form).forEach((value, key) => {
      if (typeof value === 'string') body.append(key, value);
    });
    if (!body.has('_lang')) body.append('_lang', lang);

    sending = true;
    setBusy(true);
    const answer = await postLead(endpoint, {
      mode: 'cors',
      credentials: 'omit',
      headers: { Accept: 'application/json', 'Accept-Language': acceptLanguage(lang) },
      body,
    });
    sending = false;
    setBusy(false);
    clearErrors();

    if (answer.kind !== 'answered') {
      say(t(lang, answer.kind === 'timeout' ? 'form.embed.timeout' : 'form.embed.network'));
      fire('leadform:error', { status: 0, errors: [] });
      return;
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (fire('leadform:success', { id: answer.id }, true)) showThanks(answer.id);
      return;
    }
    if (answer.status === 400) captcha.refused(answer.errors);
    if (answer.status === 400 && answer.errors.length) showErrors(answer.errors);
    else say(problemText(lang, 'embed', answer));
    fire('leadform:error', { status: answer.status, errors: answer.errors });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!sending) void submit();
  });
}

function selects(selector: string): boolean {
  try {
    return document.querySelector(selector) !== null;
  } catch {
    // "3d-printers" is a slug, not a selector.
    return false;
  }
}

/** data-form="<slug>": the gateway's form of that name, drawn where the script stands. */
async function embedForm(from: HTMLScriptElement, slug: string, gateway: string): Promise<void> {
  const res = await fetch(`${gateway}/api/forms/${slug}`, { mode: 'cors', credentials: 'omit' }).catch(() => null);
  if (!res?.ok) {
    console.warn(`embed.js: form "${slug}" is not available (${res?.status ?? 'network error'})`);
    return;
  }
  const definition = (await res.json()) as EmbeddedForm;
  const stated = from.getAttribute('data-lang') || document.documentElement.lang || definition.language;
  const form = buildForm(definition, /^en/i.test(stated) ? 'en' : 'zh', gateway);
  if (from.parentNode && from.parentNode !== document.head) from.after(form);
  else document.body.append(form);
  enhance(form, from, form.action);
}

function init(from: HTMLScriptElement): void {
  const gateway = new URL(from.src, location.href).origin;
  const endpoint = from.getAttribute('data-endpoint') || `${gateway}/api/leads`;
  const selector = from.getAttribute('data-form');
  injectStyle(from);
  // A form's slug, unless the page has an element that name selects (data-form was a CSS selector first).
  if (selector && FORM_SLUG.test(selector) && !selects(selector)) {
    void embedForm(from, selector, gateway);
    return;
  }
  let forms: Element[] = [];
  if (selector) {
    try {
      forms = Array.from(document.querySelectorAll(selector));
    } catch (err) {
      // A selector the browser cannot parse is the embedding page's mistake: say so, and still enhance marked forms.
      console.warn('embed.js: data-form is not a valid selector', err);
    }
  }
  forms.push(...document.querySelectorAll('form[data-lead-form]'));
  for (const form of forms) if (form instanceof HTMLFormElement) enhance(form, from, endpoint);
}

if (script?.src && typeof fetch === 'function' && typeof FormData === 'function' && typeof URLSearchParams === 'function') {
  const from = script;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init(from));
  else init(from);
}
