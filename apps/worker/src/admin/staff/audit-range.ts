import { rangeBound } from '../business-time';
import { parseDateParam } from '../query-input';

/** A bound, checked first (FieldError, a 400, for anything not a real date from 2000 to 2100). */
function bound(value: unknown, name: 'from' | 'to', timeZone: string): Date | null {
  if (parseDateParam(value, name) === null) return null;
  return rangeBound(value, timeZone, name === 'to');
}

/**
 * `from` (inclusive) and `to` (exclusive) of an audit query; a bare date is
 * that day in `timeZone` (the business's on the audit page, where people
 * read the times; UTC for the JSON API) and a bare `to` includes its whole day.
 */
export function parseAuditRange(from: unknown, to: unknown, timeZone = 'UTC'): { from: Date | null; to: Date | null } {
  return { from: bound(from, 'from', timeZone), to: bound(to, 'to', timeZone) };
}
