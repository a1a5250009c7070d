import { ASK_PATTERNS, OFFER_PATTERNS, SHORTENER_HOSTS, SPAM_PHRASES, SUSPICIOUS_TLDS } from './spam-phrases';
import { findUrls, SpamInput, urlHost, withoutUrls } from './spam-text';

/** One piece of evidence: a reason staff read, and its weight in log-odds towards spam. */
export interface SpamSignal {
  reason: string;
  weight: number;
}

/** Links: how many, shortened, on throwaway TLDs, or nothing but links. */
export function linkSignals(text: string): SpamSignal[] {
  const urls = findUrls(text);
  if (urls.length === 0) return [];
  const out: SpamSignal[] = [{ reason: `links:${urls.length}`, weight: urls.length >= 3 ? 1.6 : urls.length === 2 ? 0.8 : 0.3 }];
  const hosts = urls.map(urlHost);
  const shortener = hosts.find((h) => SHORTENER_HOSTS.has(h));
  if (shortener) out.push({ reason: `shortener:${shortener}`, weight: 1.8 });
  const tld = hosts.map((h) => h.split('.').pop() ?? '').find((t) => SUSPICIOUS_TLDS.includes(t));
  if (tld) out.push({ reason: `suspicious-tld:${tld}`, weight: 1.0 });
  if (withoutUrls(text).replace(/[\s\p{P}\p{S}]/gu, '').length < 4) out.push({ reason: 'link-only', weight: 2.5 });
  return out;
}

const latinPhrase = (p: string) => new RegExp(`(?<![a-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:s|es)?(?![a-z])`, 'i');

/** A phrase as a test on lower-cased text; null for a blank one. */
type PhraseMatcher = [phrase: string, matches: (plain: string) => boolean];

function phraseMatcher(p: string): PhraseMatcher | null {
  const phrase = p.trim().toLowerCase();
  if (!phrase) return null;
  if (!/^[\x20-\x7e]+$/.test(phrase)) return [p, (plain) => plain.includes(phrase)];
  const re = latinPhrase(phrase);
  return [p, (plain) => re.test(plain)];
}

const compile = (phrases: readonly string[]) => phrases.map(phraseMatcher).filter((m): m is PhraseMatcher => m !== null);

// Compiled once: the shipped list, and each admins' list the scorer is given
// (SpamPhraseList hands out the same array until it reloads). Building a
// RegExp per phrase per lead was most of this signal's cost.
const SHIPPED = compile(SPAM_PHRASES);
const compiledLists = new WeakMap<readonly string[], PhraseMatcher[]>();

function compiledList(extra: readonly string[]): PhraseMatcher[] {
  let list = compiledLists.get(extra);
  if (!list) compiledLists.set(extra, (list = compile(extra)));
  return list;
}

/** Known spam phrasing, the shipped list and the admins' own. */
export function phraseSignals(text: string, extra: readonly string[] = []): SpamSignal[] {
  const plain = withoutUrls(text).normalize('NFKC').toLowerCase();
  const matchers = extra.length ? [...SHIPPED, ...compiledList(extra)] : SHIPPED;
  const hits = matchers.filter(([, matches]) => matches(plain)).map(([phrase]) => phrase);
  if (hits.length === 0) return [];
  return [
    {
      reason: `phrases:${[...new Set(hits)].slice(0, 5).join('|')}`,
      weight: hits.length >= 3 ? 4.0 : hits.length === 2 ? 3.0 : 2.0,
    },
  ];
}

/** A visitor who sells rather than buys: offers with no ask weigh most, an offer tucked behind an ask still counts. */
export function offerSignals(text: string): SpamSignal[] {
  const plain = withoutUrls(text);
  if (!OFFER_PATTERNS.some((re) => re.test(plain))) return [];
  const asks = ASK_PATTERNS.some((re) => re.test(plain));
  return [{ reason: asks ? 'offers-and-asks' : 'offers-not-asks', weight: asks ? 1.2 : 2.2 }];
}

/** Keyboard mashing and filler: runs of one character or one pair, consonant strings, names that are ids. */
export function gibberishSignals(text: string, name: string): SpamSignal[] {
  const out: SpamSignal[] = [];
  const plain = withoutUrls(text);
  // Digits repeat in genuine text (1000000, 2000kVA), so only long digit runs count.
  const dense = plain.replace(/\s/g, '');
  if (dense.length >= 6 && atMostDistinct(dense, 4)) out.push({ reason: 'filler-text', weight: 4.5 });
  else if (/(\P{N})\1{5,}/u.test(dense) || /(\P{N}{2,4})\1{3,}/u.test(dense) || /(\d)\1{9,}/.test(dense)) {
    out.push({ reason: 'repeated-chars', weight: 2.8 });
  }
  const words = plain.match(/[a-z]{6,}/gi) ?? [];
  if (words.some((w) => /[bcdfghjklmnpqrstvwxz]{6,}/i.test(w))) out.push({ reason: 'gibberish', weight: 2.2 });
  if (/^[a-z0-9]{6,}$/i.test(name.trim()) && (/\d/.test(name) || /[bcdfghjklmnpqrstvwxz]{4,}/i.test(name))) {
    out.push({ reason: 'gibberish-name', weight: 1.5 });
  }
  return out;
}

/** Whether `text` has at most `max` different characters (code points), stopping at the first one too many. */
function atMostDistinct(text: string, max: number): boolean {
  const seen: string[] = [];
  for (const c of text) {
    if (seen.includes(c)) continue;
    if (seen.length === max) return false;
    seen.push(c);
  }
  return true;
}

const LETTERS = /\p{L}/gu;
/** A letter of neither the Han nor the Latin script. */
const FOREIGN_LETTERS = /(?![\p{Script=Han}\p{Script=Latin}])\p{L}/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * Scripts a Chinese industrial buyer does not write in (Cyrillic, Arabic,
 * Thai, ...) making up much of the text or the name, and words that mix
 * Latin and Cyrillic letters (look-alikes that slip past word lists).
 */
export function scriptSignals(text: string, name: string): SpamSignal[] {
  const out: SpamSignal[] = [];
  const all = `${text} ${name}`;
  // Counted by code point, as the letters of [...all] were; most leads have no foreign letter at all.
  const foreign = count(all, FOREIGN_LETTERS);
  if (foreign > 0 && foreign / count(all, LETTERS) > 0.3) out.push({ reason: 'foreign-script', weight: 2.0 });
  const mixed = CYRILLIC.test(all) && all.split(/[^\p{L}]+/u).some((w) => LATIN.test(w) && CYRILLIC.test(w));
  if (mixed) out.push({ reason: 'mixed-script-word', weight: 2.5 });
  return out;
}

/** From this many other leads in a day a contact's frequency counts (fewer say nothing). */
export const CONTACT_FREQUENCY_FROM = 3;

/** A contact posting many leads in a day, or one staff marked spam before. */
export function contactSignals(input: SpamInput): SpamSignal[] {
  const out: SpamSignal[] = [];
  const n = input.contactLeadsToday ?? 0;
  if (n >= CONTACT_FREQUENCY_FROM) out.push({ reason: `contact-frequency:${n}`, weight: n >= 6 ? 2.0 : 1.0 });
  if (input.contactMarkedSpam) out.push({ reason: 'contact-marked-spam', weight: 3.0 });
  return out;
}

/** A throwaway mailbox from the maintained list; `isDisposable` is injected so this stays pure. */
export function emailSignals(email: string | null, isDisposable: (domain: string) => boolean): SpamSignal[] {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  if (!domain || !isDisposable(domain)) return [];
  return [{ reason: `disposable-email:${domain}`, weight: 1.5 }];
}
