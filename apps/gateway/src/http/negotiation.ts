import Negotiator from 'negotiator';
import type { IncomingHttpHeaders } from 'node:http';
import type { Lang } from '@app/contracts';

/**
 * Remembers the answer for each header value seen: clients send a handful of
 * distinct Accept and Accept-Language values, and negotiating parses the
 * header into objects on every request. Bounded: long values are not kept,
 * and the table starts over when full.
 */
function remembered<T>(decide: (headerValue: string) => T): (headerValue: string) => T {
  const MAX_ENTRIES = 256;
  const MAX_KEY_LENGTH = 256;
  const answers = new Map<string, T>();
  return (value) => {
    const known = answers.get(value);
    if (known !== undefined) return known;
    const answer = decide(value);
    if (value.length <= MAX_KEY_LENGTH) {
      if (answers.size >= MAX_ENTRIES) answers.clear();
      answers.set(value, answer);
    }
    return answer;
  };
}

const htmlPreferred = remembered(
  (accept) => new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/html']) === 'text/html',
);

const statedLang = remembered((acceptLanguage): Lang | null => {
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language(['en', 'zh']);
  return preferred === 'zh' || preferred === 'en' ? preferred : null;
});

/** True when the client prefers an HTML page (a plain browser form post). */
export function prefersHtml(headers: IncomingHttpHeaders): boolean {
  return headers.accept ? htmlPreferred(headers.accept) : false;
}

/** Chinese when the client asks for it ahead of English; English when it asks for that; else the fallback. */
export function pickLang(headers: IncomingHttpHeaders, explicit?: unknown, fallback: Lang = 'en'): Lang {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const header = headers['accept-language'];
  // No header, or "*" (what fetch() sends by default): no stated preference.
  if (!header || header.trim() === '*') return fallback;
  return statedLang(header) ?? fallback;
}
