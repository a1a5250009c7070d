/** What a lead offers the spam score: its visitor text and contact, and what the worker knows about the contact. */
export interface SpamInput {
  name: string;
  company: string | null;
  email: string | null;
  requirement: string;
  /** Leads from the same phone or email in the last day, this one excluded. */
  contactLeadsToday?: number;
  /** The contact's earlier leads were marked spam by staff. */
  contactMarkedSpam?: boolean;
  /** The gateway wanted a captcha but could not ask its provider (CAPTCHA_FAIL_OPEN). */
  captchaUnverified?: boolean;
}

// Full URLs, www. hosts and bare hosts on common TLDs; enough to count
// links, find their hosts and cut them out of the words.
const URL_RE =
  /(?<![@\w.-])(?:https?:\/\/[^\s，。、）)]+|www\.[^\s，。、）)]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|vip|ly|gd|cc|io|me|info|biz|club|site|online|ru)(?![a-z0-9-])(?:\/[^\s，。、）)]*)?)/gi;

export function findUrls(text: string): string[] {
  return text.match(URL_RE) ?? [];
}

/** The host of a URL found by findUrls, lower-cased, without `www.`. */
export function urlHost(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '').toLowerCase();
  return bare.split(/[/?#:]/)[0].replace(/^www\./, '');
}

export function withoutUrls(text: string): string {
  return text.replace(URL_RE, ' ');
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The words of a text for the Bayes model: Chinese segmented by
 * Intl.Segmenter (ICU's dictionary), Latin words lower-cased, digits folded
 * to one symbol (a price or a WeChat id says nothing by its value), each
 * link reduced to its host, and the email's domain. Unique per text: the
 * model counts in how many leads a word occurs.
 */
export function spamTokens(input: Pick<SpamInput, 'requirement' | 'company' | 'email'>): string[] {
  const tokens = new Set<string>();
  const text = [input.requirement, input.company ?? ''].join('\n');
  for (const url of findUrls(text)) tokens.add(`url:${urlHost(url)}`);
  for (const s of segmenter.segment(withoutUrls(text).normalize('NFKC'))) {
    if (!s.isWordLike) continue;
    const word = s.segment.toLowerCase().replace(/\d+/g, '0');
    if (word.length > 24) tokens.add('long:word');
    else tokens.add(word);
  }
  const domain = input.email?.split('@')[1]?.toLowerCase();
  if (domain) tokens.add(`mail:${domain}`);
  return [...tokens];
}
