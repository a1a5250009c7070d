/**
 * Visitor text inside DingTalk, WeCom and Feishu markdown. None of the three
 * renderers honours backslash escapes reliably, and each has its own extras
 * (`<font>`, `<@userid>`, `<at id=all>`, emoticons in brackets), so every
 * character that any of them treats as syntax is swapped for its full-width
 * look-alike: words stay readable, nothing becomes a link, image, mention,
 * heading, quote, table or tag. One rule set serves all three platforms, so
 * a message that is safe on one is safe on the others.
 */
const LOOK_ALIKES: Record<string, string> = {
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '{': '｛',
  '}': '｝',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
  '#': '＃',
  '@': '＠',
  '|': '｜',
  '!': '！',
  '\\': '＼',
  '&': '＆',
  $: '＄',
  '^': '＾',
};
const SYNTAX = /[[\](){}<>*_~`#@|!\\&$^]/g;

// Every way a line can end: a new line could start a block (heading, list,
// quote, code fence), so visitor text always stays on the line it starts on.
const LINE_BREAKS = /\s*(?:\r\n|[\n\r\u0085\u2028\u2029])\s*/g;
const LINE_MARK = ' ↵ ';
// C0/C1 controls (line breaks and tabs are handled first), and the bidirectional controls
// that would let a name display as something it is not.
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Clients auto-link bare URLs and host names: `://` and a dot between a
// letter or digit and a letter (example.com, www.x) get look-alikes; "3.5" stays.
const SCHEME_SEPARATOR = /:\/\//g;
const HOST_DOT = /(?<=[\p{L}\p{N}])\.(?=\p{L})/gu;

/** Any text made safe for any of the three markdown dialects, on one line. */
export function neutralize(value: string | null | undefined): string {
  return String(value ?? '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\t/g, ' ')
    .replace(LINE_BREAKS, LINE_MARK)
    .replace(INVISIBLE, '')
    .replace(SYNTAX, (c) => LOOK_ALIKES[c])
    .replace(SCHEME_SEPARATOR, ':／／')
    .replace(HOST_DOT, '．')
    .trim();
}

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** What a string adds to a JSON body: quotes and control characters grow when escaped. */
export const jsonBytes = (s: string): number => Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;

export const ELLIPSIS = '…';

/** At most `max` user-perceived characters, with "…" when cut (an emoji is one). */
export function truncateChars(s: string, max: number): string {
  const parts = Array.from(graphemes.segment(s), (g) => g.segment);
  return parts.length <= max ? s : parts.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/**
 * At most `maxBytes` as measured by `measure` (UTF-8 by default, or JSON for
 * a field inside a body), cut between characters, never inside one, with
 * "…" when cut.
 */
export function truncateBytes(s: string, maxBytes: number, measure: (s: string) => number = utf8Bytes): string {
  if (measure(s) <= maxBytes) return s;
  const budget = maxBytes - measure(ELLIPSIS);
  let used = 0;
  let out = '';
  for (const { segment } of graphemes.segment(s)) {
    const size = measure(segment);
    if (used + size > budget) break;
    used += size;
    out += segment;
  }
  return budget < 0 ? '' : out + ELLIPSIS;
}
