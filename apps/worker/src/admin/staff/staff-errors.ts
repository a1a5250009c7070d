import { HttpException, HttpStatus } from '@nestjs/common';
import { t, type Lang, type MessageKey } from '@app/contracts';

/**
 * Why a change to a staff account was refused, as a code the API sends
 * beside its English `message` (for scripts and logs) and the pages turn
 * into words of the catalog (`staff.error.<code>`), in the reader's language.
 */
export const STAFF_ERROR_CODES = [
  'not-json',
  'login',
  'login-taken',
  'name',
  'email',
  'mobile',
  'role',
  'password',
  'flag',
  'nothing-to-change',
  'self-service-only',
  'admins-only',
  'not-found',
  'successor',
  'successor-not-deactivating',
  'deactivate-self',
  'nobody-to-hand-over',
  'team-not-found',
] as const;
export type StaffErrorCode = (typeof STAFF_ERROR_CODES)[number];

type Params = Record<string, string | number>;

/** An HTTP error whose JSON body is Nest's usual one plus `code` and the `params` its words need. */
export function staffError(status: HttpStatus, code: StaffErrorCode, message: string, params: Params = {}): HttpException {
  return new HttpException({ statusCode: status, message, code, params }, status);
}

/** The code and params of an error thrown with staffError, or null. */
export function staffErrorOf(err: unknown): { code: StaffErrorCode; params: Params } | null {
  if (!(err instanceof HttpException)) return null;
  const body = err.getResponse() as { code?: unknown; params?: Params };
  const code = (STAFF_ERROR_CODES as readonly unknown[]).includes(body?.code) ? (body.code as StaffErrorCode) : null;
  return code ? { code, params: body.params ?? {} } : null;
}

/** What a page says about a refused change: the code's words, or a plain sentence for the status. */
export function staffErrorText(err: HttpException, lang: Lang): string {
  const known = staffErrorOf(err);
  if (known) return t(lang, `staff.error.${known.code}` satisfies MessageKey, known.params);
  const status = err.getStatus();
  if (status === 403) return t(lang, 'staff.error.forbidden');
  if (status === 404) return t(lang, 'staff.error.gone');
  return t(lang, 'staff.error.invalid');
}
