import { BadRequestException } from '@nestjs/common';
import { rangeBound } from '../business-time';

function bound(value: unknown, name: 'from' | 'to', timeZone: string): Date | null {
  const d = rangeBound(value, timeZone, name === 'to');
  if (d && Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be a date, e.g. 2026-11-01`);
  return d;
}

/**
 * `from` (inclusive) and `to` (exclusive) of an audit query; a bare date is
 * that day in `timeZone` (the business's on the audit page, where people
 * read the times; UTC for the JSON API) and a bare `to` includes its whole day.
 */
export function parseAuditRange(from: unknown, to: unknown, timeZone = 'UTC'): { from: Date | null; to: Date | null } {
  return { from: bound(from, 'from', timeZone), to: bound(to, 'to', timeZone) };
}
