import { BadRequestException } from '@nestjs/common';

function date(value: unknown, name: string): Date | null {
  if (value === undefined || value === '') return null;
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be a date, e.g. 2026-11-01`);
  return d;
}

/** `from` (inclusive) and `to` (exclusive) of an audit query; a bare date `to` includes that whole day. */
export function parseAuditRange(from: unknown, to: unknown): { from: Date | null; to: Date | null } {
  const end = date(to, 'to');
  if (end && typeof to === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(to)) end.setUTCDate(end.getUTCDate() + 1);
  return { from: date(from, 'from'), to: end };
}
