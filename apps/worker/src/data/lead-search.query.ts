import { normalizePhone } from '@app/contracts';

/** What the search statement needs from the box's text. */
export interface LeadSearchTerms {
  /** LIKE patterns over the lower-cased text, one per word, all of which must match. */
  patterns: string[];
  /** Every two-character substring of the words: the bigram index narrows by all of them. */
  bigrams: string[];
  /** LIKE pattern over the phone's digits, or null when the text is not a phone fragment. */
  digitsPattern: string | null;
  /** The phone in E.164 when the text is a whole phone number: such a lead ranks first. */
  exactPhone: string | null;
  /** The lower-cased address when the text is one: such a lead ranks first. */
  exactEmail: string | null;
}

/** Where a search page starts: after this lead, in this tier (0 exact contact, 1 the rest). */
export interface SearchCursor {
  tier: 0 | 1;
  id: string;
}

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 100;

// Digits, spaces and the usual phone punctuation only: then the digits are a phone fragment.
const PHONE_LIKE = /^[+\d\s().-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The two-character substrings of a word, as the index function text_bigrams() makes them. */
export function bigramsOf(word: string): string[] {
  const chars = Array.from(word);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

/**
 * The digits of a phone fragment, to find inside the stored number's digits
 * (E.164 without its +): the digits as typed, zeros included ("0000 9428" is
 * the end of 139 0000 9428). Text that is a whole number (with +86, 0086,
 * a domestic trunk 0 as in 021 …, or none) searches its E.164 digits
 * (021 5290 8189 → 862152908189) unless what was typed already occurs in
 * them (139 1234 5678 stays 13912345678, and finds the number whatever its
 * country). A fragment shorter than three digits matches too much to be a
 * phone search.
 */
export function phoneDigitsOf(text: string): string | null {
  if (!PHONE_LIKE.test(text)) return null;
  const typed = text.replace(/\D/g, '');
  const stored = normalizePhone(text)?.replace(/\D/g, '');
  const digits = stored && !stored.includes(typed) ? stored : typed;
  return digits.length >= 3 ? digits : null;
}

/** Null when the text cannot be searched (no word of two characters or more). */
export function searchTermsOf(q: string): LeadSearchTerms | null {
  const text = q.trim().toLowerCase();
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const digits = phoneDigitsOf(text);
  // A phone fragment searches phones: its digit pairs are in half the
  // requirements (sizes, budgets) and would only slow the text side down.
  const bigrams = digits ? [] : [...new Set(words.flatMap(bigramsOf))];
  if (bigrams.length === 0 && !digits) return null;
  return {
    patterns: words.map((w) => `%${escapeLike(w)}%`),
    bigrams,
    digitsPattern: digits ? `%${digits}%` : null,
    exactPhone: digits ? (normalizePhone(q) ?? null) : null,
    exactEmail: EMAIL.test(text) ? text : null,
  };
}

/** The opaque `nextCursor` of a search page. */
export function searchCursorOf(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.tier}|${cursor.id}`).toString('base64url');
}

/** Reads a cursor searchCursorOf made; undefined for anything else (the caller answers 400). */
export function parseSearchCursor(value: string): SearchCursor | undefined {
  const [tier, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || (tier !== '0' && tier !== '1') || !UUID.test(id ?? '')) return undefined;
  return { tier: tier === '0' ? 0 : 1, id };
}
