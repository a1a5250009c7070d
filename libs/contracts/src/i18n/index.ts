import type { Lang } from '../lead.types';
import { boardEn, boardZh } from './board.messages';
import { chatEn, chatZh } from './chat.messages';
import { deadLetterEn, deadLetterZh } from './dead-letter.messages';
import { emailEn, emailZh } from './email.messages';
import { fill } from './fill';
import { formEn, formZh } from './form.messages';
import { formsEn, formsZh } from './forms.messages';
import { formsAdminEn, formsAdminZh } from './forms-admin.messages';
import { goEn, goZh } from './go.messages';
import { leadEn, leadZh } from './lead.messages';
import { rerouteEn, rerouteZh } from './reroute.messages';
import { reportsEn, reportsZh } from './reports.messages';
import { staffEn, staffZh } from './staff.messages';
import { validationEn, validationZh } from './validation.messages';

export { fill };
export * from './beijing-time';

/**
 * The one message catalog (zh-CN and en) for pages, the board, emails and
 * validation messages. Each area keeps its words in its own file
 * (`<area>.messages.ts`, keys prefixed with the area), merged here so there
 * is one `t()` and one key type; the browser bundles import the same files.
 */
const zh = {
  ...formZh,
  ...validationZh,
  ...boardZh,
  ...emailZh,
  ...staffZh,
  ...deadLetterZh,
  ...rerouteZh,
  ...reportsZh,
  ...formsZh,
  ...formsAdminZh,
  ...goZh,
  ...chatZh,
  ...leadZh,
};
const en: Record<keyof typeof zh, string> = {
  ...formEn,
  ...validationEn,
  ...boardEn,
  ...emailEn,
  ...staffEn,
  ...deadLetterEn,
  ...rerouteEn,
  ...reportsEn,
  ...formsEn,
  ...formsAdminEn,
  ...goEn,
  ...chatEn,
  ...leadEn,
};

export type MessageKey = keyof typeof zh;

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** The text of `key` in `lang`, with `{placeholders}` filled from `params`. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(MESSAGES[lang][key], params);
}
