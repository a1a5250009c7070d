/**
 * Where a browser goes after a successful form post. `_next` is honoured
 * only for allow-listed origins, so the gateway can never be used as an
 * open redirect.
 */
export function safeRedirect(next: unknown, allowedOrigins: readonly string[]): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return allowedOrigins.includes(url.origin) ? url.toString() : null;
}
