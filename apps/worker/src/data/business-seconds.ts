import { type BusinessHours, localTime, zonedInstant } from './business-hours';

const DAY_MS = 86_400_000;

/**
 * Seconds of opening hours between two instants: how long a lead waited
 * while someone could have answered. A lead that arrives at 22:00 starts
 * counting at the next opening; without business hours (always open) this is
 * the wall time. Rounded to whole seconds; never negative.
 */
export function businessSecondsBetween(from: Date, to: Date, hours: BusinessHours | null): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  if (!hours) return Math.round((end - start) / 1000);
  const tz = hours.timeZone;
  const first = localTime(from, tz);
  // Local noon steps through the days whatever a DST change does to their length.
  const firstNoon = zonedInstant(first.year, first.month, first.day, 12 * 60, tz).getTime();
  let open = 0;
  for (let ahead = 0; ; ahead++) {
    const day = localTime(new Date(firstNoon + ahead * DAY_MS), tz);
    const opens = zonedInstant(day.year, day.month, day.day, hours.openMinute, tz).getTime();
    if (opens >= end) break;
    if (!hours.days.has(day.weekday)) continue;
    const closes = zonedInstant(day.year, day.month, day.day, hours.closeMinute, tz).getTime();
    open += Math.max(0, Math.min(closes, end) - Math.max(opens, start));
  }
  return Math.round(open / 1000);
}

// Far beyond any target a setting can name; only a calendar with no opening hours at all would get here.
const MAX_DAYS = 3700;

// Each day's opening and closing instants, by zone, hours and local date. Reading a zone's clock (Intl) costs
// tens of microseconds and a page of tasks asks about the same few days again and again.
const OPENINGS = new Map<string, [number, number]>();
const OPENINGS_MAX = 4096;

function openingOn(year: number, month: number, day: number, hours: BusinessHours): [number, number] {
  const key = `${hours.timeZone} ${hours.openMinute}-${hours.closeMinute} ${year}-${month}-${day}`;
  let opening = OPENINGS.get(key);
  if (!opening) {
    if (OPENINGS.size >= OPENINGS_MAX) OPENINGS.clear();
    opening = [
      zonedInstant(year, month, day, hours.openMinute, hours.timeZone).getTime(),
      zonedInstant(year, month, day, hours.closeMinute, hours.timeZone).getTime(),
    ];
    OPENINGS.set(key, opening);
  }
  return opening;
}

/**
 * The instant `seconds` of opening hours after `from`: the inverse of
 * businessSecondsBetween, so a deadline counted in business time (a lead at
 * 22:00 starts at the next opening, a Friday evening lead runs on into
 * Monday) is the first instant that function reaches it. Wall time without
 * business hours. One reading of the zone's clock for `from`; the days after
 * it are calendar arithmetic (local dates follow one another whatever the
 * offset) and their openings are remembered.
 */
export function afterBusinessSeconds(from: Date, seconds: number, hours: BusinessHours | null): Date {
  const start = from.getTime();
  let left = Math.max(0, seconds) * 1000;
  if (!hours) return new Date(start + left);
  const first = localTime(from, hours.timeZone);
  for (let ahead = 0; ahead < MAX_DAYS; ahead++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + ahead));
    if (!hours.days.has(date.getUTCDay())) continue;
    const [opens, closes] = openingOn(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hours);
    const begins = Math.max(opens, start);
    if (closes <= begins) continue;
    if (begins + left <= closes) return new Date(begins + left);
    left -= closes - begins;
  }
  throw new Error('business hours with no opening in ten years');
}
