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
