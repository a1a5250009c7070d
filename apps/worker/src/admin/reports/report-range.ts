/** The longest range a report covers, in days. */
export const MAX_REPORT_DAYS = 366;

export interface ReportRange {
  from: string;
  to: string;
  /** Every day from `from` to `to`, both included. */
  days: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds of a YYYY-MM-DD day at UTC midnight, or null when it is no calendar day. */
function dayValue(text: string): number | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : null;
}

/**
 * `from` and `to` of a report: calendar days (YYYY-MM-DD, read as days of
 * the business zone by the query), `from` not after `to`, at most
 * MAX_REPORT_DAYS days. A message for the 400 when they are not.
 */
export function parseReportRange(from: unknown, to: unknown): ReportRange | { problem: string } {
  const start = typeof from === 'string' ? dayValue(from) : null;
  const end = typeof to === 'string' ? dayValue(to) : null;
  if (start === null || end === null)
    return { problem: 'from and to must be days as YYYY-MM-DD, e.g. from=2026-11-01&to=2026-11-30' };
  if (start > end) return { problem: 'from must not be after to' };
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_REPORT_DAYS) return { problem: `a report covers at most ${MAX_REPORT_DAYS} days` };
  const days = Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
  return { from: from as string, to: to as string, days };
}
