/** The longest phrase an admin may add: phrases are words, not texts. */
export const PHRASE_MAX_CHARS = 100;
/** How many phrases the list holds: each is tested against every lead's text. */
export const PHRASES_MAX = 500;

// Control characters, line breaks and invisible marks would make a phrase
// that matches nothing a person can see.
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u;

/** `{phrase}` from `POST /admin/spam/phrases`: 2..100 visible characters once trimmed (inner spaces folded); a message when bad. */
export function parsePhrase(body: unknown): { phrase: string } | { problem: string } {
  const raw = (body as { phrase?: unknown } | null)?.phrase;
  if (typeof raw !== 'string') return { problem: 'phrase must be text' };
  if (FORBIDDEN.test(raw)) return { problem: 'phrase must not hold control or invisible characters' };
  const phrase = raw.trim().replace(/\s+/g, ' ');
  const length = [...phrase].length;
  if (length < 2 || length > PHRASE_MAX_CHARS) return { problem: `phrase must be 2 to ${PHRASE_MAX_CHARS} characters` };
  return { phrase };
}
