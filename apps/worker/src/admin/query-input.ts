import { FORM_SLUG_PATTERN } from '@app/contracts';

/**
 * Staff input that is not valid: answered 400 naming the field, like the
 * gateway's `{statusCode, message, errors: [{field, message}]}`
 * (FieldErrorFilter, and the HTML error page's catch-all filter, whichever
 * meets it first), or shown on the page that asked. A plain Error so the
 * pure parsers stay free of Nest (its packages are ESM, out of unit specs' reach).
 */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }

  /** The 400 body: `{statusCode, error, message, errors: [{field, message}]}`. */
  toBody() {
    return {
      statusCode: 400,
      error: 'Bad Request',
      message: this.message,
      errors: [{ field: this.field, message: this.message }],
    };
  }
}

const fieldError = (field: string, message: string): FieldError => new FieldError(field, message);

// Postgres text cannot hold NUL, and no login, address or filter has any
// control character: such input is refused before it reaches a query.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const hasControlCharacters = (value: string): boolean => CONTROL.test(value);

/** Optional filter text (absent or empty: undefined); control characters or more than `max` characters: 400. */
export function parseFilterText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max || hasControlCharacters(value)) {
    throw fieldError(field, `${field} must be text of at most ${max} characters, without control characters`);
  }
  return value;
}

/** An optional form filter (`?form=`): absent or empty is undefined; anything not shaped like a slug is a 400. */
export function parseFormFilter(value: unknown): string | undefined {
  const slug = parseFilterText(value, 'form', 40);
  if (slug !== undefined && !FORM_SLUG_PATTERN.test(slug)) throw fieldError('form', 'form must be a form slug');
  return slug;
}

export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

function isRealDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date filter: absent or empty is null; `YYYY-MM-DD` or an ISO date-time within YEAR_MIN..YEAR_MAX, else 400. */
export function parseDateParam(value: unknown, field: string): Date | null {
  if (value === undefined || value === '') return null;
  const text = typeof value === 'string' ? value : '';
  const m = DAY.exec(text) ?? DATE_TIME.exec(text);
  const date = m ? new Date(text) : null;
  if (
    !m ||
    !date ||
    Number.isNaN(date.getTime()) ||
    !isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) ||
    Number(m[1]) < YEAR_MIN ||
    Number(m[1]) > YEAR_MAX
  ) {
    throw fieldError(
      field,
      `${field} must be a date from ${YEAR_MIN} to ${YEAR_MAX}, e.g. 2026-11-01 or 2026-11-01T08:00:00+08:00`,
    );
  }
  return date;
}

export const isBareDay = (value: unknown): boolean => typeof value === 'string' && DAY.test(value);

/** Where a task list page starts: after this due time and task id. */
export interface TaskCursor {
  dueAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The opaque `nextCursor` of a task list page. */
export function taskCursorOf(task: { dueAt: Date; id: string }): string {
  return Buffer.from(`${task.dueAt.toISOString()}|${task.id}`).toString('base64url');
}

/** Reads a `cursor` that taskCursorOf made; anything else (or a tampered one) is a 400. */
export function parseTaskCursor(value: unknown): TaskCursor | undefined {
  if (value === undefined || value === '') return undefined;
  const [dueAt, id, ...rest] = typeof value === 'string' ? Buffer.from(value, 'base64url').toString('utf8').split('|') : [];
  const year = ISO_INSTANT.exec(dueAt ?? '')?.[1];
  const valid =
    rest.length === 0 &&
    year !== undefined &&
    Number(year) >= 1970 &&
    !Number.isNaN(Date.parse(dueAt)) &&
    new Date(dueAt).toISOString() === dueAt &&
    UUID.test(id ?? '');
  if (!valid) throw fieldError('cursor', 'cursor is not valid: pass the nextCursor of the page before');
  return { dueAt, id };
}
