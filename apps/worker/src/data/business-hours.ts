/** Opening hours such as `Mon-Fri 09:00-18:00 Asia/Shanghai`. */
export interface BusinessHours {
  days: Set<number>; // 0 = Sunday
  openMinute: number;
  closeMinute: number;
  timeZone: string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function dayIndex(name: string): number {
  const i = DAYS.indexOf(name.slice(0, 3).toLowerCase());
  if (i < 0) throw new Error(`unknown day "${name}"`);
  return i;
}

function minuteOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`bad time "${hhmm}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Parses BUSINESS_HOURS; empty means always open. Throws a readable error. */
export function parseBusinessHours(spec: string): BusinessHours | null {
  const text = spec.trim();
  if (!text) return null;
  const parts = text.split(/\s+/);
  if (parts.length !== 3) throw new Error('BUSINESS_HOURS must look like "Mon-Fri 09:00-18:00 Asia/Shanghai"');
  const [dayPart, timePart, timeZone] = parts;
  const days = new Set<number>();
  for (const item of dayPart.split(',')) {
    const [from, to] = item.split('-');
    const start = dayIndex(from);
    const end = to ? dayIndex(to) : start;
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  const [open, close] = timePart.split('-').map(minuteOf);
  if (!(open < close)) throw new Error('BUSINESS_HOURS: opening must be before closing');
  new Intl.DateTimeFormat('en-US', { timeZone }); // throws RangeError for an unknown zone
  return { days, openMinute: open, closeMinute: close, timeZone };
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
}

// One formatter per zone: building one costs far more than using it, and
// each lead's due time takes several readings of the local clock.
const PARTS_FORMATS = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = PARTS_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    PARTS_FORMATS.set(timeZone, format);
  }
  return format;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: dayIndex(parts.weekday),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The UTC instant of a wall-clock time in a zone (correct across DST changes). */
export function zonedInstant(year: number, month: number, day: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minute);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localTime(new Date(guess), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, 0, seen.minute);
    guess += wall - seenWall;
  }
  return new Date(guess);
}

/** When the clock starts for a lead: now if open, else the next opening. */
export function clockStart(received: Date, hours: BusinessHours | null): Date {
  if (!hours) return received;
  const here = localTime(received, hours.timeZone);
  if (hours.days.has(here.weekday) && here.minute >= hours.openMinute && here.minute < hours.closeMinute) return received;
  for (let ahead = 0; ahead <= 7; ahead++) {
    const noon = zonedInstant(here.year, here.month, here.day, 12 * 60, hours.timeZone).getTime() + ahead * 86_400_000;
    const day = localTime(new Date(noon), hours.timeZone);
    if (!hours.days.has(day.weekday)) continue;
    if (ahead === 0 && here.minute >= hours.openMinute) continue;
    return zonedInstant(day.year, day.month, day.day, hours.openMinute, hours.timeZone);
  }
  return received;
}

/** A follow-up task's due time: SLA minutes after the clock starts. */
export function dueAt(received: Date, slaMinutes: number, hours: BusinessHours | null): Date {
  return new Date(clockStart(received, hours).getTime() + slaMinutes * 60_000);
}
