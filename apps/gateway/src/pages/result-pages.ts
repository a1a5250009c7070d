import { leadReference, type Lang } from '@app/contracts';
import { HTML_LANG, pageViews, TRANSLATE } from './page-views';

/** What views/result-page.eta reads: a heading and one paragraph. */
interface ResultPageView {
  htmlLang: string;
  title: string;
  message: string;
}

function resultPage(lang: Lang, title: string, message: string): string {
  const view: ResultPageView = { htmlLang: HTML_LANG[lang], title, message };
  return pageViews.render('result-page', view);
}

/** What the thank-you page offers beyond its words: a number to call, and where to go next. */
export interface ThanksPageOptions {
  /** CONTACT_HOTLINE. */
  hotline?: string;
  /** The company's site (the first of CORS_ORIGINS); without one the link goes back to the form. */
  siteUrl?: string;
}

/** What views/thanks-page.eta reads. */
interface ThanksPageView {
  htmlLang: string;
  title: string;
  text: string;
  when: string;
  reference: { id: string; short: string } | null;
  referenceLabel: string;
  referenceHint: string;
  hotline: { href: string; text: string } | null;
  hotlineLabel: string;
  back: { href: string; label: string };
}

/** A phone number as a tel: link: digits and a leading "+" only, whatever the spacing it was written with. */
export function telLink(number: string): { href: string; text: string } {
  return { href: `tel:${number.replace(/(?!^\+)[^\d]/g, '')}`, text: number };
}

/**
 * The thank-you page after a plain form post: when we will call, the short
 * reference to quote, the hotline if there is one, and a way back, so it is
 * no dead end.
 */
export function thanksPage(lang: Lang, id: string | null, options: ThanksPageOptions = {}): string {
  const t = TRANSLATE[lang];
  const view: ThanksPageView = {
    htmlLang: HTML_LANG[lang],
    title: t('form.thanks.title'),
    text: t('form.thanks.text'),
    when: t('form.thanks.when'),
    reference: id ? { id, short: leadReference(id) } : null,
    referenceLabel: t('form.thanks.reference'),
    referenceHint: t('form.thanks.referenceHint'),
    hotline: options.hotline ? telLink(options.hotline) : null,
    hotlineLabel: t('form.thanks.hotline'),
    back: options.siteUrl
      ? { href: options.siteUrl, label: t('form.thanks.backToSite') }
      : { href: `/?lang=${lang}`, label: t('form.thanks.backToForm') },
  };
  return pageViews.render('thanks-page', view);
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
