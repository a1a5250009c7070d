import { BEIJING_TIME_ZONE } from '@app/contracts';
import type { WorkerConfig } from '@app/config';
import type { BusinessCalendar } from '../data/business-calendar';
import type { DayRun } from '../data/report.repository';
import type { RollupBasis } from '../data/report-rollup.repository';

/**
 * A day is rolled up once it ended this long ago: a lead stored up to 15
 * minutes after it arrived (all but the late ones, which leads_late_idx
 * finds) is in Postgres by then, with room for a gateway clock that runs ahead.
 */
export const CLOSED_AFTER_MS = 60 * 60_000;

/** The zone whose days the reports count (BUSINESS_HOURS, Beijing by default) and the claim target in seconds. */
export function reportBasis(calendar: BusinessCalendar, config: Pick<WorkerConfig, 'CLAIM_WITHIN_MINUTES'>): RollupBasis {
  return {
    timeZone: calendar.hours?.timeZone ?? BEIJING_TIME_ZONE,
    targetSeconds: config.CLAIM_WITHIN_MINUTES > 0 ? config.CLAIM_WITHIN_MINUTES * 60 : null,
  };
}

/** The calendar day of `at` in `timeZone`, YYYY-MM-DD. */
export function zoneDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    at,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const DAY_MS = 86_400_000;

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The newest day of the zone that ended at least CLOSED_AFTER_MS before
 * `now`: the day before the one holding `now - CLOSED_AFTER_MS` (that one
 * began before then, so the day before it ended before then; it has not ended yet).
 */
export function lastClosedDay(now: Date, timeZone: string): string {
  return addDays(zoneDay(new Date(now.getTime() - CLOSED_AFTER_MS), timeZone), -1);
}

/** Days (ascending, YYYY-MM-DD) as runs of consecutive days. */
export function runsOf(days: readonly string[]): DayRun[] {
  const runs: DayRun[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && addDays(last.last, 1) === day) last.last = day;
    else runs.push({ first: day, last: day });
  }
  return runs;
}
