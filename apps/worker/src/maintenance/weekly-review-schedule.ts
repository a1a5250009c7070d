import { localTime, zonedInstant } from '../data/business-hours';

/** The review's send time: Monday 09:00 in the business zone. */
const SEND_MINUTE = 9 * 60;

/** One ISO week in a zone: its label and its bounds as instants. */
export interface ReviewWeek {
  /** ISO week label, e.g. `2026-W10`: the ledger key's part, once per week. */
  week: string;
  /** Monday 00:00 of the week and of the next, in the zone. */
  from: Date;
  to: Date;
  /** Local dates of its Monday and Sunday, `YYYY-MM-DD`, for the message. */
  firstDay: string;
  lastDay: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO week (year and number) of a calendar date. */
export function isoWeek(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of its week names the year
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const n = Math.ceil(((d.getTime() - start) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad(n)}`;
}

/** The ISO week holding `at` in `zone`, or `weeksAhead` weeks from it. */
export function weekOf(at: Date, zone: string, weeksAhead = 0): ReviewWeek {
  const here = localTime(at, zone);
  const monday = new Date(Date.UTC(here.year, here.month - 1, here.day));
  monday.setUTCDate(monday.getUTCDate() - ((here.weekday + 6) % 7) + 7 * weeksAhead);
  const next = new Date(monday.getTime() + 7 * 86_400_000);
  const sunday = new Date(next.getTime() - 86_400_000);
  const ymd = (d: Date) => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const;
  const [y, m, d] = ymd(monday);
  const [ny, nm, nd] = ymd(next);
  const [sy, sm, sd] = ymd(sunday);
  return {
    week: isoWeek(y, m, d),
    from: zonedInstant(y, m, d, 0, zone),
    to: zonedInstant(ny, nm, nd, 0, zone),
    firstDay: `${y}-${pad(m)}-${pad(d)}`,
    lastDay: `${sy}-${pad(sm)}-${pad(sd)}`,
  };
}

/**
 * Which week's review is due at `at`: last week's, from Monday 09:00 (in
 * the zone) until the week ends, so a worker that was down at 09:00 still
 * sends it; null before Monday 09:00. The ledger makes it once per week.
 */
export function dueReview(at: Date, zone: string): ReviewWeek | null {
  const [y, m, d] = weekOf(at, zone).firstDay.split('-').map(Number);
  if (at.getTime() < zonedInstant(y, m, d, SEND_MINUTE, zone).getTime()) return null;
  return weekOf(at, zone, -1);
}
