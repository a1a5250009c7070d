import Negotiator from 'negotiator';
import type { IncomingHttpHeaders } from 'node:http';
import type { Lang } from '@app/contracts';

/** True when the client prefers an HTML page (a plain browser form post). */
export function prefersHtml(headers: IncomingHttpHeaders): boolean {
  if (!headers.accept) return false;
  return new Negotiator({ headers }).mediaType(['application/json', 'text/html']) === 'text/html';
}

/** Chinese when the client asks for it ahead of English; English when it asks for that; else the fallback. */
export function pickLang(headers: IncomingHttpHeaders, explicit?: unknown, fallback: Lang = 'en'): Lang {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const header = headers['accept-language'];
  // No header, or "*" (what fetch() sends by default): no stated preference.
  if (!header || header.trim() === '*') return fallback;
  const preferred = new Negotiator({ headers }).language(['en', 'zh']);
  return preferred === 'zh' || preferred === 'en' ? preferred : fallback;
}
