import { HttpException, HttpStatus } from '@nestjs/common';
import { t, type Lang } from '@app/contracts';
import { FieldError } from '../query-input';

/**
 * A Teams page form post (urlencoded) as the API's JSON body: `name` and
 * `members`, which arrives as one string for one ticked box, a list for
 * several, and not at all for none.
 */
export function teamFormBody(body: unknown): { name: unknown; members: string[] } {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const raw = form.members;
  const members = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' && raw !== '' ? [raw] : [];
  return { name: form.name, members };
}

/** Why a team change was refused, in the page's words; anything else is not a refusal and is thrown on. */
export function teamErrorText(err: unknown, lang: Lang): string {
  if (err instanceof HttpException && err.getStatus() === HttpStatus.CONFLICT) return t(lang, 'formsAdmin.teamNameTaken');
  if (err instanceof FieldError || (err instanceof HttpException && err.getStatus() < 500))
    return t(lang, 'formsAdmin.teamInvalid');
  throw err;
}
