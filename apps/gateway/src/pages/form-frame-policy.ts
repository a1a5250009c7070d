/**
 * The hosted page of a form with its own `origins` may be framed by, and
 * post on to, those sites rather than CORS_ORIGINS: helmet writes one policy
 * for every page, so /f/:slug swaps those two directives for its form.
 * A form without origins keeps the policy as helmet wrote it.
 */
export function withFormOrigins(policy: string, origins: readonly string[]): string {
  if (origins.length === 0) return policy;
  const sources = ["'self'", ...origins].join(' ');
  return policy
    .split(';')
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0]?.toLowerCase();
      return name === 'frame-ancestors' || name === 'form-action' ? `${name} ${sources}` : directive.trim();
    })
    .filter((directive) => directive.length > 0)
    .join(';');
}
