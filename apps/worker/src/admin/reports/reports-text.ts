import { t } from '@app/contracts/i18n';
import type { Lang } from '@app/contracts/lead.types';
import { reportsEn } from '@app/contracts/i18n/reports.messages';

/**
 * The reports page's words without their `reports.` prefix: what its view
 * and its script read (the words live in the message catalog,
 * libs/contracts/src/i18n/reports.messages.ts). Pure, so the browser script
 * imports it too.
 */
type Prefixed = keyof typeof reportsEn;
export type ReportsWord = { [K in Prefixed]: K extends `reports.${infer W}` ? W : never }[Prefixed];
export type ReportsText = Record<ReportsWord, string>;

export function reportsText(lang: Lang): ReportsText {
  const words = {} as ReportsText;
  for (const key of Object.keys(reportsEn) as Prefixed[]) words[key.slice('reports.'.length) as ReportsWord] = t(lang, key);
  return words;
}
