import type { BoardText, BoardWord } from '../src/admin/board/board-text';
import { ApiError } from './api-client';

/** Words for the statuses a board action can meet; anything else 4xx is "not accepted". */
const BY_STATUS: Record<number, BoardWord> = {
  0: 'network',
  400: 'err_invalid',
  403: 'err_forbidden',
  404: 'err_notFound',
  409: 'conflict',
  429: 'err_tooMany',
};

/**
 * What to tell a person about a failed call, in the page's language: the
 * words of the server's `code` when the catalog has them (`err_<code>`),
 * else those of the HTTP status. Never the server's own message, which is
 * English for scripts and logs.
 */
export function apiErrorText(err: unknown, text: BoardText): string {
  if (!(err instanceof ApiError)) return text.err_server;
  const byCode = err.code ? `err_${err.code.replace(/-/g, '_')}` : null;
  // hasOwnProperty rather than Object.hasOwn: the bundle targets ES2018.
  if (byCode && Object.prototype.hasOwnProperty.call(text, byCode)) return text[byCode as BoardWord];
  if (Object.prototype.hasOwnProperty.call(BY_STATUS, err.status)) return text[BY_STATUS[err.status]];
  return err.status >= 500 ? text.err_server : text.err_invalid;
}
