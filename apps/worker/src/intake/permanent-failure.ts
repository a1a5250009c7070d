/**
 * Whether an error from storing a lead will come back however often the
 * same data is tried: Postgres refused the data itself. SQLSTATE class 22
 * (data exception: invalid JSON text, an untranslatable character, a value
 * out of range), NOT NULL and CHECK violations, and program limits (a value
 * too large for an index). Connection loss, deadlocks, lock time-outs and
 * our own SQL bugs (class 42, fixed by a deploy) stay retryable.
 */
export function isPermanentDataError(err: unknown): boolean {
  const code = sqlState(err);
  if (!code) return false;
  return code.startsWith('22') || code === '23502' || code === '23514' || code.startsWith('54');
}

/** The SQLSTATE of a pg error, also when TypeORM wrapped it. */
export function sqlState(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const own = (err as { code?: unknown }).code;
  if (typeof own === 'string' && /^[0-9A-Z]{5}$/.test(own)) return own;
  const driver = (err as { driverError?: unknown }).driverError;
  return driver && driver !== err ? sqlState(driver) : null;
}
