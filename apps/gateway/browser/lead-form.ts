import type { Lang } from '@app/contracts/lead.types';
import { leadReference } from '@app/contracts/lead-reference';
import { t } from './lead-form-texts';

/*
 * What the form page's script (form.ts) and embed.js (embed.ts) share: the
 * post itself, reading the answer, and the DOM pieces both build the same way.
 */

export interface LeadFieldError {
  field: string;
  message: string;
}

/** The gateway's answer to a post, or why there was none. */
export type LeadAnswer =
  | { kind: 'answered'; status: number; retryAfter: number; id: string; errors: LeadFieldError[]; message: string }
  | { kind: 'network' }
  | { kind: 'timeout' };

export type FormControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const TIMEOUT_MS = 20000;

export function acceptLanguage(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en';
}

/** Posts to the gateway and reads its JSON answer; gives up after TIMEOUT_MS. */
export async function postLead(url: string, init: RequestInit): Promise<LeadAnswer> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : 0;
  let res: Response;
  try {
    res = await fetch(url, { ...init, method: 'POST', signal: controller?.signal });
  } catch (err) {
    return { kind: err instanceof Error && err.name === 'AbortError' ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
  // An answer that is not JSON (a proxy's error page) still has its status.
  const payload: Record<string, unknown> = await res.json().catch(() => ({}));
  // The header is readable cross-origin only when exposed (Access-Control-Expose-Headers); the body may carry it too.
  const retry = Number(res.headers.get('Retry-After') || payload?.retryAfter);
  return {
    kind: 'answered',
    status: res.status,
    retryAfter: Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : 0,
    id: payload?.id ? String(payload.id) : '',
    errors: Array.isArray(payload?.errors)
      ? payload.errors.map((e: { field?: unknown; message?: unknown; code?: unknown }) => ({
          field: String(e?.field ?? ''),
          message: String(e?.message ?? e?.code ?? ''),
        }))
      : [],
    message: typeof payload?.message === 'string' ? payload.message : '',
  };
}

/** The visible control a field error belongs to (the first of a radio group), or null. */
export function controlOf(form: HTMLFormElement, field: string): FormControl | null {
  const item = field ? form.elements.namedItem(field) : null;
  const el = item instanceof RadioNodeList ? item[0] : item;
  const control =
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el : null;
  return control && control.type !== 'hidden' ? control : null;
}

/** Adds or removes one id in an element's aria-describedby. */
export function setDescribedBy(el: Element, id: string, on: boolean): void {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.push(id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/** The one of two elements that comes first in the document. */
export function earlier<T extends Element>(first: T | null, el: T): T {
  return !first || first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING ? el : first;
}

/** The button's label while sending, and back; the form is aria-busy meanwhile. */
export function busyButton(form: HTMLFormElement, button: HTMLButtonElement | HTMLInputElement | null, lang: Lang) {
  const idle = button instanceof HTMLInputElement ? button.value : (button?.textContent ?? '');
  return (on: boolean): void => {
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    if (!button) return;
    button.disabled = on;
    const label = on ? t(lang, 'form.sending') : idle;
    if (button instanceof HTMLInputElement) button.value = label;
    else button.textContent = label;
  };
}

/**
 * The thank-you box, as the thank-you page says it: heading, when we will
 * call, the short reference (the full id in data-lead-id) and, where the
 * page names one, the hotline.
 */
export function thanksBox(
  lang: Lang,
  id: string,
  look: { tag: 'section' | 'div'; className: string; idClassName: string; hotline?: string },
): HTMLElement {
  const box = document.createElement(look.tag);
  box.className = look.className;
  box.tabIndex = -1;
  const heading = document.createElement('h2');
  heading.textContent = t(lang, 'form.thanks.title');
  const paragraph = (text: string): HTMLParagraphElement => {
    const p = document.createElement('p');
    p.textContent = text;
    return p;
  };
  box.append(heading, paragraph(t(lang, 'form.thanks.text')), paragraph(t(lang, 'form.thanks.when')));
  if (id) {
    const ref = document.createElement('p');
    const code = document.createElement('code');
    code.className = look.idClassName;
    code.textContent = leadReference(id);
    code.title = id;
    code.setAttribute('data-lead-id', id);
    ref.append(t(lang, 'form.thanks.reference'), code);
    box.append(ref, paragraph(t(lang, 'form.thanks.referenceHint')));
  }
  if (look.hotline) {
    const link = document.createElement('a');
    link.href = `tel:${look.hotline.replace(/(?!^\+)[^\d]/g, '')}`;
    link.textContent = look.hotline;
    const line = paragraph(t(lang, 'form.thanks.hotline'));
    line.append(link);
    box.append(line);
  }
  return box;
}
