import { isBareDay, parseDateParam } from '../query-input';

/** `from` (inclusive) and `to` (exclusive) of an audit query; a bare date `to` includes that whole day. */
export function parseAuditRange(from: unknown, to: unknown): { from: Date | null; to: Date | null } {
  const end = parseDateParam(to, 'to');
  if (end && isBareDay(to)) end.setUTCDate(end.getUTCDate() + 1);
  return { from: parseDateParam(from, 'from'), to: end };
}
