/** Where a login sends the browser when it was not told (or told somewhere it may not go). */
export const DEFAULT_NEXT = '/admin';

/**
 * Where to go after logging in: only a path on this admin surface, never
 * another host (`//evil`, `/\evil`), and only plain printable ASCII that
 * decodes, since it becomes a Location header (any other character there
 * throws) and a path the admin must route. Anything else: the board.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !/^\/admin(?:[/?#]|$)/.test(value) || !/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) {
    return DEFAULT_NEXT;
  }
  try {
    decodeURIComponent(value);
  } catch {
    return DEFAULT_NEXT;
  }
  return value;
}
