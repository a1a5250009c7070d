/*
 * Progressive enhancement for the gateway's 需求描述 form (GET /).
 * Without this script the form posts normally; with it the post goes through
 * fetch, errors appear next to their fields (in the boxes the page already
 * has) and success shows the reference id.
 */
import type { Lang } from '@app/contracts/lead.types';
import { adaptiveCaptcha } from './captcha-widget';
import { problemText, t } from './lead-form-texts';
import {
  acceptLanguage,
  busyButton,
  controlOf,
  earlier,
  FormControl,
  LeadFieldError,
  postLead,
  setDescribedBy,
  thanksBox,
} from './lead-form';

function main(): void {
  const form = document.getElementById('lead-form');
  if (!(form instanceof HTMLFormElement) || typeof fetch !== 'function' || typeof FormData !== 'function') return;
  const lang: Lang = form.getAttribute('data-lang') === 'en' ? 'en' : 'zh';
  const status = document.getElementById('form-status');
  const summary = document.getElementById('error-summary');
  const summaryList = summary?.querySelector('ul') ?? null;
  const setBusy = busyButton(form, form.querySelector<HTMLButtonElement>('button[type="submit"]'), lang);

  // Our own inline errors replace the browser's bubbles (which speak the browser's language, not the page's).
  form.noValidate = true;
  startCounter(form, lang);
  const captcha = adaptiveCaptcha(form, form.action, lang);

  const say = (message: string): void => {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle('problem', !!message);
  };

  const clearErrors = (): void => {
    for (const box of form.querySelectorAll<HTMLElement>('.field-error')) {
      box.textContent = '';
      box.hidden = true;
    }
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
      el.removeAttribute('aria-invalid');
      if (el.id) setDescribedBy(el, `${el.id}-error`, false);
    }
    if (summary && summaryList) {
      summary.hidden = true;
      summaryList.textContent = '';
    }
  };

  const showErrors = (errors: LeadFieldError[]): void => {
    let first: FormControl | null = null;
    const perField = new Map<string, string[]>();
    const listed = new Set<string>();
    for (const { field, message } of errors) {
      const el = controlOf(form, field);
      const box = el?.id ? document.getElementById(`${el.id}-error`) : null;
      if (el && box) {
        const messages = perField.get(field) ?? [];
        if (!messages.includes(message)) messages.push(message);
        perField.set(field, messages);
        box.textContent = messages.join(' ');
        box.hidden = false;
        el.setAttribute('aria-invalid', 'true');
        setDescribedBy(el, box.id, true);
        first = earlier(first, el);
      }
      // One summary line per message: "phone or email" is one problem, reported on both fields.
      if (summaryList && !listed.has(message)) {
        listed.add(message);
        const li = document.createElement('li');
        if (el && box) li.append(fieldLink(el, message));
        else li.textContent = message;
        summaryList.append(li);
      }
    }
    if (summary && summaryList?.children.length) summary.hidden = false;
    // The summary is an alert (announced); focus goes to the first field to fix.
    if (first) first.focus();
    else summary?.focus();
  };

  const showThanks = (id: string): void => {
    const hotline = form.getAttribute('data-hotline') ?? undefined;
    const box = thanksBox(lang, id, { tag: 'section', className: 'thanks', idClassName: 'lead-id', hotline });
    const heading = box.querySelector('h2');
    if (heading) {
      heading.id = 'thanks-title';
      box.setAttribute('aria-labelledby', heading.id);
    }
    if (summary) summary.hidden = true;
    form.replaceWith(box);
    box.focus();
  };

  // A page re-rendered with errors (a post made before this script ran): start at the summary.
  if (summary && !summary.hidden) summary.focus();

  // Summary links: focus the field, not just scroll to it.
  summary?.addEventListener('click', (ev) => {
    const link = ev.target instanceof Element ? ev.target.closest('a[href^="#"]') : null;
    const target = link ? document.getElementById((link.getAttribute('href') ?? '').slice(1)) : null;
    if (target) {
      ev.preventDefault();
      target.focus();
    }
  });

  let sending = false;
  let lastBody = '';
  let idempotencyKey = '';

  const submit = async (): Promise<void> => {
    const body = JSON.stringify(fieldsOf(form));
    // The same content again (a retry after a lost answer) keeps its key, so it never makes a second lead.
    if (body !== lastBody) {
      lastBody = body;
      idempotencyKey = randomKey();
    }
    sending = true;
    setBusy(true);
    say('');
    const answer = await postLead(form.action, {
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Accept-Language': acceptLanguage(lang),
        'Idempotency-Key': idempotencyKey,
      },
      body,
      credentials: 'same-origin',
    });
    sending = false;
    setBusy(false);

    if (answer.kind !== 'answered')
      return say(t(lang, answer.kind === 'timeout' ? 'form.status.timeout' : 'form.status.network'));
    if (answer.status >= 200 && answer.status < 300) return showThanks(answer.id);
    clearErrors();
    if (answer.status === 400) captcha.refused(answer.errors);
    if (answer.status === 400 && answer.errors.length) return showErrors(answer.errors);
    say(problemText(lang, 'status', { ...answer, serverMessage: answer.message }));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!sending) void submit();
  });
}

/** A link in the error summary to the field it is about. */
function fieldLink(el: FormControl, message: string): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = `#${el.id}`;
  link.textContent = message;
  return link;
}

/** The form's text fields, as the JSON body of the post. */
function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const data: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') data[key] = value;
  });
  return data;
}

function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join('');
}

/** The live character counter under 需求描述; screen readers hear it only when it matters. */
function startCounter(form: HTMLFormElement, lang: Lang): void {
  const textarea = form.elements.namedItem('requirement');
  const counter = document.getElementById('f-requirement-counter');
  const count = counter?.querySelector('.count');
  const live = document.getElementById('f-requirement-live');
  if (!(textarea instanceof HTMLTextAreaElement) || !counter || !count) return;
  const limit = Number(counter.getAttribute('data-limit')) || Number(textarea.getAttribute('maxlength')) || 5000;
  let lastBand = 0;
  const update = (): void => {
    const n = textarea.value.length;
    count.textContent = String(n);
    counter.classList.toggle('near', n >= limit * 0.9 && n < limit);
    counter.classList.toggle('full', n >= limit);
    // Announced at 90%, 97% and the limit.
    const band = n >= limit ? 3 : n >= limit * 0.97 ? 2 : n >= limit * 0.9 ? 1 : 0;
    if (band !== lastBand && live) {
      live.textContent =
        band === 3 ? t(lang, 'form.counter.full') : band > 0 ? t(lang, 'form.counter.remaining', { count: limit - n }) : '';
    }
    lastBand = band;
  };
  counter.hidden = false;
  textarea.addEventListener('input', update);
  update();
}

main();
