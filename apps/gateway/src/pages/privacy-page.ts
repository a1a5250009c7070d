import type { Lang } from '@app/contracts';
import { HTML_LANG, pageViews, TRANSLATE } from './page-views';
import { telLink } from './result-pages';

const SECTIONS = ['collect', 'use', 'share', 'keep', 'protect', 'rights', 'contact'] as const;

export interface PrivacyPageModel {
  lang: Lang;
  /** COMPANY_NAME; empty: "the operator of this website". */
  companyName: string;
  /** PRIVACY_POLICY_VERSION, the version stored with each consent. */
  version: string;
  /** CONTACT_HOTLINE. */
  hotline?: string;
}

/** What views/privacy-page.eta reads. */
interface PrivacyPageView {
  lang: Lang;
  htmlLang: string;
  otherLang: { code: Lang; htmlLang: string; label: string };
  title: string;
  intro: string;
  sections: { title: string; text: string }[];
  hotline: { href: string; text: string } | null;
  hotlineLabel: string;
  version: string;
  back: string;
}

/** The same words for every visitor: rendered once per language and settings. */
const rendered = new Map<string, string>();

/**
 * The default privacy policy the consent checkbox links to: what the form
 * collects and why, who sees it, how long it is kept, the visitor's rights
 * and how to reach the company. Operators with their own policy set
 * PRIVACY_POLICY_URL and this page is never linked.
 */
export function privacyPage(model: PrivacyPageModel): string {
  const key = JSON.stringify([model.lang, model.companyName, model.version, model.hotline ?? '']);
  let html = rendered.get(key);
  if (html === undefined) {
    html = render(model);
    rendered.set(key, html);
  }
  return html;
}

function render({ lang, companyName, version, hotline }: PrivacyPageModel): string {
  const t = TRANSLATE[lang];
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const company = companyName.trim() || t('form.privacy.operator');
  const view: PrivacyPageView = {
    lang,
    htmlLang: HTML_LANG[lang],
    otherLang: { code: other, htmlLang: HTML_LANG[other], label: t('form.otherLang') },
    title: t('form.privacy.title'),
    intro: t('form.privacy.intro', { company }),
    sections: SECTIONS.map((s) => ({ title: t(`form.privacy.${s}.title`), text: t(`form.privacy.${s}.text`) })),
    hotline: hotline ? telLink(hotline) : null,
    hotlineLabel: t('form.privacy.contact.hotline'),
    version: t('form.privacy.version', { version }),
    back: t('form.privacy.back'),
  };
  return pageViews.render('privacy-page', view);
}
