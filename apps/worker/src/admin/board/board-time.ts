import { beijingMinutes, t } from '@app/contracts';
import type { BoardLang } from './board-links';

export type TimeValue = string | Date | null | undefined;

/** A time as a view shows it: machine-readable for <time datetime> and written out in China time. */
export interface TimeView {
  iso: string;
  text: string;
}

/** ISO 8601 text from a Date (entities) or a string (JSON), or null. */
export function toIso(value: TimeValue): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The company works in China time; the browser script re-renders every <time> in the browser's own zone. */
const FORMATS: Record<BoardLang, Intl.DateTimeFormat> = {
  zh: beijingMinutes(t('zh', 'board.locale')),
  en: beijingMinutes(t('en', 'board.locale')),
};

/** The time to show, or null when there is none (the view shows a dash). */
export function timeView(value: TimeValue, lang: BoardLang): TimeView | null {
  const iso = toIso(value);
  return iso ? { iso, text: FORMATS[lang].format(new Date(iso)) } : null;
}
