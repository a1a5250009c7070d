import type { Lang } from '../lead.types';
import { fill } from './fill';

export { fill };

/**
 * The one message catalog (zh-CN and en) for pages, the board, emails and
 * validation messages. Each area keeps its words in its own file
 * (`<area>.messages.ts`, keys prefixed with the area), merged here so there
 * is one `t()` and one key type; the browser bundles import the same files.
 */
const zh = {} as const;
const en: Record<keyof typeof zh, string> = {};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh, en };

export type MessageKey = keyof typeof zh;

/** The text of `key` in `lang`, with `{placeholders}` filled from `params`. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(MESSAGES[lang][key], params);
}
