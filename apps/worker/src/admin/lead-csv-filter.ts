import type { ExportFilter } from '../data/lead-export.repository';
import { rangeBound } from './business-time';
import { FieldError, parseDateParam, parseFilterText, parseFormFilter } from './query-input';

/** The query string of `GET /admin/leads.csv`. */
export interface LeadCsvQuery {
  from?: unknown;
  to?: unknown;
  form?: unknown;
  owner?: unknown;
}

/**
 * A bound of the range: checked first (a 400 naming the field for anything
 * not a real date between 2000 and 2100), then read as the business day for
 * a bare date (a bare `to` includes its whole day).
 */
function parseDate(value: unknown, name: 'from' | 'to', timeZone: string): Date | null {
  if (parseDateParam(value, name) === null) return null;
  return rangeBound(value, timeZone, name === 'to');
}

/**
 * The export's filter; throws a FieldError (400 naming the field) for a bad
 * part, before anything is sent: a range that ends before it starts too
 * (it would hold nothing, which looks like an export of a quiet month).
 */
export function parseExportFilter(query: LeadCsvQuery, timeZone: string): ExportFilter {
  const from = parseDate(query.from, 'from', timeZone);
  const to = parseDate(query.to, 'to', timeZone);
  if (from && to && to <= from) throw new FieldError('to', 'to must be after from (a bare date includes its whole day)');
  return {
    from,
    to,
    form: parseFormFilter(query.form) ?? null,
    owner: parseFilterText(query.owner, 'owner', 64)?.toLowerCase() ?? null,
  };
}
