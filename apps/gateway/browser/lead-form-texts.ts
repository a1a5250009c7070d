import { fill } from '@app/contracts/i18n/fill';
import { formEn, formZh } from '@app/contracts/i18n/form.messages';
import type { Lang } from '@app/contracts/lead.types';

/*
 * The browser scripts carry only the form.* part of the catalog: the whole
 * catalog (board, email texts) would grow embed.js, which other sites load.
 */
export type FormKey = keyof typeof formZh;

const FORM_TEXT: Record<Lang, Record<FormKey, string>> = { zh: formZh, en: formEn };

/** The form.* text of `key` in `lang`: `t()` of the catalog, for the browser. */
export function t(lang: Lang, key: FormKey, params?: Record<string, string | number>): string {
  return fill(FORM_TEXT[lang][key], params);
}

/** Whose words a status message uses: the form page's own script, or embed.js on another site's form. */
export type Voice = 'status' | 'embed';

/** What to tell the visitor when a post did not go through (not for field errors). */
export function problemText(
  lang: Lang,
  voice: Voice,
  problem: { status: number; retryAfter: number; serverMessage?: string },
): string {
  const { status, retryAfter } = problem;
  const seconds = { seconds: retryAfter };
  if (status === 429) return t(lang, retryAfter ? `form.${voice}.rateLimitedIn` : `form.${voice}.rateLimitedSoon`, seconds);
  if (status === 503) return t(lang, retryAfter ? `form.${voice}.unavailableIn` : `form.${voice}.unavailableSoon`, seconds);
  if (status === 413) return t(lang, `form.${voice}.tooLarge`);
  if (status === 403 && voice === 'embed') return t(lang, 'form.embed.forbidden');
  // The form page's own server speaks the page's language: its message for a refused post is shown as it is.
  if (problem.serverMessage && status < 500) return problem.serverMessage;
  return t(lang, `form.${voice}.failed`, { status });
}
