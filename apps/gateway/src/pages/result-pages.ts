import type { Lang } from '@app/contracts';
import { HTML_LANG, pageViews, TRANSLATE } from './page-views';

/** What views/result-page.eta reads: a heading, one paragraph and maybe a reference id. */
interface ResultPageView {
  htmlLang: string;
  title: string;
  message: string;
  reference: string | null;
  referenceLabel: string;
}

function resultPage(lang: Lang, title: string, message: string, reference: string | null = null): string {
  const view: ResultPageView = {
    htmlLang: HTML_LANG[lang],
    title,
    message,
    reference,
    referenceLabel: TRANSLATE[lang]('form.thanks.reference'),
  };
  return pageViews.render('result-page', view);
}

export function thanksPage(lang: Lang, id: string | null): string {
  const t = TRANSLATE[lang];
  return resultPage(lang, t('form.thanks.title'), t('form.thanks.text'), id);
}

// The same words for every visitor: rendered once per language, when first needed.
const unavailable: Partial<Record<Lang, string>> = {};

export function unavailablePage(lang: Lang): string {
  const t = TRANSLATE[lang];
  return (unavailable[lang] ??= resultPage(lang, t('form.result.unavailableTitle'), t('form.result.unavailable')));
}

export function rateLimitedPage(lang: Lang, retryAfterSeconds: number): string {
  const t = TRANSLATE[lang];
  return resultPage(lang, t('form.result.rateLimitedTitle'), t('form.result.rateLimited', { seconds: retryAfterSeconds }));
}

export function keyReusedPage(lang: Lang): string {
  const t = TRANSLATE[lang];
  return resultPage(lang, t('form.result.keyReusedTitle'), t('form.result.keyReused'));
}

export function messagePage(lang: Lang, message: string): string {
  return resultPage(lang, TRANSLATE[lang]('form.result.notAllowedTitle'), message);
}
