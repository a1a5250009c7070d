/**
 * Where a lead came from, as a card says it: the campaign's utm_source,
 * else the host of the page that posted the form (the request's Referer,
 * kept as the lead's `page`), else nothing known: a direct visit. Pure, so
 * the browser script uses it too.
 */
export type LeadSource = { kind: 'utm'; name: string } | { kind: 'referrer'; host: string } | { kind: 'direct' };

export interface SourceFields {
  utm?: Record<string, unknown> | null;
  page?: string | null;
}

/** The host of an http(s) URL without a leading "www.", or null when it is not one. */
function hostOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.hostname.replace(/^www\./, '') || null;
}

export function leadSource(lead: SourceFields): LeadSource {
  const utm = lead.utm?.utm_source;
  if (typeof utm === 'string' && utm.trim()) return { kind: 'utm', name: utm.trim() };
  const host = lead.page ? hostOf(lead.page) : null;
  return host ? { kind: 'referrer', host } : { kind: 'direct' };
}
