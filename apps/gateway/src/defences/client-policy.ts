/**
 * A cross-site post is accepted only from the company's own sites. The
 * gateway's own pages (same host) are always allowed; with no list
 * configured, every origin is (the form may be embedded anywhere).
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin || allowed.length === 0) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
