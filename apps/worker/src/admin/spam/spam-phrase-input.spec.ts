import { parsePhrase, PHRASE_MAX_CHARS } from './spam-phrase-input';

describe('parsePhrase', () => {
  it('takes a phrase, trimmed, its inner spaces folded', () => {
    expect(parsePhrase({ phrase: '  代开  发票 ' })).toEqual({ phrase: '代开 发票' });
    expect(parsePhrase({ phrase: 'Guest Post' })).toEqual({ phrase: 'Guest Post' });
  });

  it.each([
    ['no phrase', {}],
    ['not text', { phrase: 42 }],
    ['one character', { phrase: '贷' }],
    ['blank', { phrase: '   ' }],
    ['too long', { phrase: '刷'.repeat(PHRASE_MAX_CHARS + 1) }],
    ['a line break', { phrase: '代开\n发票' }],
    ['an invisible mark', { phrase: '代开\u200b发票' }],
    ['no body', null],
  ])('refuses %s', (_what, body) => {
    expect(parsePhrase(body)).toHaveProperty('problem');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(parsePhrase({ phrase: '😀'.repeat(PHRASE_MAX_CHARS) })).toEqual({ phrase: '😀'.repeat(PHRASE_MAX_CHARS) });
  });
});
