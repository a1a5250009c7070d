import { BEIJING_TIME_ZONE } from '@app/contracts';
import type { BusinessCalendar } from '../data/business-calendar';

/**
 * Times people read outside the board (the audit page, the CSV export):
 * in the business's zone, the one BUSINESS_HOURS names (Asia/Shanghai when
 * it names none), like the board and the emails, never UTC.
 */
export function businessZone(calendar: Pick<BusinessCalendar, 'hours'>): string {
  return calendar.hours?.timeZone ?? BEIJING_TIME_ZONE;
}

// One formatter per zone: building one costs far more than using it (an export formats two per row).
const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATS.get(timeZone);
  if (!format) {
    // sv-SE writes ISO-like "2026-11-01 10:00:00", which Excel and WPS read as a date and time.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(timeZone, format);
  }
  return format;
}

/** "2026-11-01 10:00:00" in `timeZone`; empty for no time. */
export function businessTimestamp(value: Date | string | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? '' : formatIn(timeZone).format(d);
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `d`, in ms. */
function offsetMs(d: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(d)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(d.getTime() / 1000) * 1000;
}

/**
 * Midnight starting the day `ymd` ("2026-11-01") in `timeZone`: a date a
 * person picks means their business day, not UTC's. Corrected twice so a
 * daylight-saving change on that day lands right.
 */
export function startOfDayIn(ymd: string, timeZone: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  let at = utcMidnight;
  for (let i = 0; i < 2; i++) at = utcMidnight - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The business day that holds `now`, from its midnight (included) to the
 * next (excluded), in `timeZone`: what "due today" means on the board, the
 * same day for everyone whatever their own clock says.
 */
export function businessDayAround(now: Date, timeZone: string): { from: Date; to: Date } {
  const today = formatIn(timeZone).format(now).slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from: startOfDayIn(today, timeZone), to: startOfDayIn(tomorrow, timeZone) };
}

/**
 * A date a person typed in a range: a bare date is that day in `timeZone`
 * (its start, or for the end of a range the start of the next day, so the
 * whole day is in), anything else as written; null when empty, NaN-dated
 * when it is no date.
 */
export function rangeBound(value: unknown, timeZone: string, end: boolean): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return new Date(NaN);
  if (!BARE_DATE.test(value)) return new Date(value);
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  // 2025-13-45 is no day (Date.UTC would roll it over into 2026).
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return new Date(NaN);
  if (!end) return startOfDayIn(value, timeZone);
  return startOfDayIn(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10), timeZone);
}
