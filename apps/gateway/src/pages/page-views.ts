import { join } from 'node:path';
import { Lang, MessageKey, t } from '@app/contracts';
import { Views } from '@app/views';

/**
 * The gateway's page templates (views/*.eta), compiled on first use and then
 * cached. One instance for the process: rendering is stateless, and the
 * lead submission handler renders result pages from plain functions.
 */
export const pageViews = new Views(join(__dirname, 'views'));

/** The `lang` attribute of a page in each language (the hosted form's, shared). */
export { HTML_LANG } from '@app/views';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `t` bound to one language, for templates (`it.t('form.title')`); built once per language. */
export const TRANSLATE: Record<Lang, Translate> = {
  zh: (key, params) => t('zh', key, params),
  en: (key, params) => t('en', key, params),
};
