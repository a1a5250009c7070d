import { ELLIPSIS, jsonBytes, neutralize, truncateBytes, truncateChars, utf8Bytes } from './markdown-text';

/** Whatever any of the three dialects would read as markup. */
const MARKUP = [
  /\[[^\]]*\]\s*\(/, // link or image
  /<[a-z@!/]/i, // tag, <@userid>, <at>, <font>
  /(^|\n)\s*(#|>|[-*+] |\d+\.\s|```|\|)/, // a block start
  /\*\*|__|~~|`/, // emphasis, strike, code
  /@all|@所有人/i,
  /https?:\/\//i,
  /\bwww\./i,
  /\b[a-z0-9-]+\.(com|cn|example|net|org|io)\b/i,
];

const CORPUS = [
  '<@all> [点我](http://evil.example) **急**',
  '![img](https://evil.example/x.png)',
  '[a]\u200d(http://evil.example)',
  '# 标题\n## 二级\n> 引用\n- 列表\n1. 一\n```\ncode\n```',
  '<font color="warning">红字</font>',
  '<at user_id="all">所有人</at> <at id=all></at>',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '@所有人 @13812345678 @all',
  'visit www.evil.com or evil.com/path or http://1.2.3.4/',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '__粗__ *斜* ~~删~~ `码` \\[逃逸\\]\\(http://x.y\\)',
  '&lt;@all&gt; &#60;font&#62;',
  'line1\r\nline2\u2028line3\u2029line4\u0085line5\rline6',
  '\u202eevil\u202c name\u0000\u0007\u001b[31m',
  '[[微笑]] :smile: $x^2$',
];

describe('neutralize', () => {
  it.each(CORPUS)('leaves no markup, mention or link in %j', (input) => {
    const out = neutralize(input);
    for (const pattern of MARKUP) expect(out).not.toMatch(pattern);
    expect(out).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e]/u);
  });

  it('keeps the words readable', () => {
    expect(neutralize('<@all> [点我](http://evil.example) **急**')).toBe(
      '＜＠all＞ ［点我］（http:／／evil．example） ＊＊急＊＊',
    );
  });

  it('leaves ordinary Chinese and English text, numbers and punctuation alone', () => {
    const text = '需要报价:3.5 吨钢材,预算 10,000 元。Please call 9:00-18:00, thanks.';
    expect(neutralize(text)).toBe(text);
  });

  it('keeps every line of a multi-line requirement on one line, marked', () => {
    expect(neutralize('第一行\n\n- 第二行\r\n# 第三行')).toBe('第一行 ↵ - 第二行 ↵ ＃ 第三行');
  });

  it('replaces lone surrogates instead of passing broken UTF-16 on', () => {
    expect(neutralize('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
  });

  it('is empty for null and undefined', () => {
    expect(neutralize(null)).toBe('');
    expect(neutralize(undefined)).toBe('');
  });
});

describe('truncateBytes', () => {
  it('leaves text within the budget as it is', () => {
    expect(truncateBytes('需求', 6)).toBe('需求');
  });

  it('cuts between characters, never inside one, and marks the cut', () => {
    const s = '一二三四五六七八九十';
    for (let max = 3; max <= 30; max++) {
      const out = truncateBytes(s, max);
      expect(utf8Bytes(out)).toBeLessThanOrEqual(max);
      expect(out).not.toContain('\ufffd');
      expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
      if (max < 30) expect(out.endsWith(ELLIPSIS)).toBe(true);
    }
  });

  it('never splits an emoji sequence or a combining mark', () => {
    const family = '👨‍👩‍👧‍👦';
    const s = `${family}e\u0301${family}`;
    for (let max = 0; max <= utf8Bytes(s); max++) {
      const out = truncateBytes(s, max);
      expect(utf8Bytes(out)).toBeLessThanOrEqual(max);
      expect(
        [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(out.replace(ELLIPSIS, ''))].map((g) => g.segment),
      ).toEqual(expect.not.arrayContaining(['\u0301', '\u200d']));
    }
  });

  it('measures inside JSON when asked: quotes and controls grow when escaped', () => {
    const s = '"'.repeat(50);
    const out = truncateBytes(s, 20, jsonBytes);
    expect(jsonBytes(out)).toBeLessThanOrEqual(20);
    expect(out).toBe('"'.repeat(8) + ELLIPSIS);
  });

  it('gives an empty string when not even the ellipsis fits', () => {
    expect(truncateBytes('需求描述', 2)).toBe('');
  });
});

describe('truncateChars', () => {
  it('counts user-perceived characters', () => {
    expect(truncateChars('👍👍👍', 3)).toBe('👍👍👍');
    expect(truncateChars('👍👍👍👍', 3)).toBe(`👍👍${ELLIPSIS}`);
    expect(truncateChars('a'.repeat(250), 200)).toHaveLength(200);
  });
});
