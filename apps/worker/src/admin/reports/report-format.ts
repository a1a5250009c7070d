import { fill } from '@app/contracts/i18n/fill';
import type { ReportsText } from './reports-text';

/** The ranges the page offers; `custom` takes two dates. */
export const RANGE_CHOICES = ['today', '7', '30', '90', 'custom'] as const;
export type RangeChoice = (typeof RANGE_CHOICES)[number];

export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isRangeChoice(value: unknown): value is RangeChoice {
  return (RANGE_CHOICES as readonly unknown[]).includes(value);
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value);
}

/** The calendar day of `at` in `timeZone`, YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    at,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `day` moved by `n` days. */
export function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Today, or the last 7, 30 or 90 days up to today (today included). */
export function rangeOf(choice: Exclude<RangeChoice, 'custom'>, today: string): DayRange {
  const days = choice === 'today' ? 1 : Number(choice);
  return { from: shiftDay(today, 1 - days), to: today };
}

const oneDecimal = (n: number): string => (n < 10 ? String(Math.round(n * 10) / 10) : String(Math.round(n)));

/** A response time for people: 45 秒, 4.5 分钟, 2 小时, 1.5 天; a dash for none. */
export function duration(seconds: number | null | undefined, words: ReportsText): string {
  if (seconds === null || seconds === undefined) return words.none;
  if (seconds < 60) return fill(words.dur_s, { n: Math.round(seconds) });
  if (seconds < 3600) return fill(words.dur_m, { n: oneDecimal(seconds / 60) });
  if (seconds < 86_400) return fill(words.dur_h, { n: oneDecimal(seconds / 3600) });
  return fill(words.dur_d, { n: oneDecimal(seconds / 86_400) });
}

/** A share (0–1) as a whole percentage; a dash for none. */
export function percent(share: number | null | undefined, words: ReportsText): string {
  return share === null || share === undefined ? words.none : `${Math.round(share * 100)}%`;
}

/** `part` of `whole` as a whole percentage; a dash when there is no whole. */
export function shareOf(part: number, whole: number, words: ReportsText): string {
  return whole > 0 ? percent(part / whole, words) : words.none;
}

/** Counts by key as one line, the largest first: "baidu 2 · example.com 1"; keys through `label`. */
export function countsLine(counts: Record<string, number>, label: (key: string) => string, none: string): string {
  const items = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return items.length ? items.map(([k, n]) => `${label(k)} ${n}`).join(' · ') : none;
}
