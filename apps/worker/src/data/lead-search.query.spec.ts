import { bigramsOf, parseSearchCursor, phoneDigitsOf, searchCursorOf, searchTermsOf } from './lead-search.query';

describe('phoneDigitsOf', () => {
  it('keeps the digits of a fragment, whatever spaces or dashes were typed', () => {
    expect(phoneDigitsOf('5290 8189')).toBe('52908189');
    expect(phoneDigitsOf('5290-81')).toBe('529081');
  });

  it('keeps leading zeros: any run of the digits is a fragment', () => {
    // The last eight digits of 139 0000 9428.
    expect(phoneDigitsOf('0000 9428')).toBe('00009428');
    expect(phoneDigitsOf('009428')).toBe('009428');
    expect(phoneDigitsOf('0 12')).toBe('012');
    expect(phoneDigitsOf('000')).toBe('000');
  });

  it('reads a whole number as stored (E.164 digits): +86, 0086 or a trunk 0 find it', () => {
    expect(phoneDigitsOf('+86 21 5290-8189')).toBe('862152908189');
    expect(phoneDigitsOf('(021) 5290 8189')).toBe('862152908189');
    expect(phoneDigitsOf('021-5290-8189')).toBe('862152908189');
    expect(phoneDigitsOf('0086 139 1234 5678')).toBe('8613912345678');
    expect(phoneDigitsOf('008613912345678')).toBe('8613912345678');
    expect(phoneDigitsOf('0755 1234 5678')).toBe('8675512345678');
  });

  it('keeps a whole number as typed when those digits occur in the stored form (a number of any country has them)', () => {
    expect(phoneDigitsOf('139 0000 9428')).toBe('13900009428');
    expect(phoneDigitsOf('2152908189')).toBe('2152908189');
    expect(phoneDigitsOf('+1 415 555 2671')).toBe('14155552671');
  });

  it('is null for text that is not a phone fragment, or too short to be one', () => {
    expect(phoneDigitsOf('王总 138')).toBeNull();
    expect(phoneDigitsOf('a1b2c3')).toBeNull();
    expect(phoneDigitsOf('12')).toBeNull();
    expect(phoneDigitsOf('0-1')).toBeNull();
    expect(phoneDigitsOf('+ ()')).toBeNull();
  });
});

describe('bigramsOf', () => {
  it('gives each two-character substring once, by code point', () => {
    expect(bigramsOf('变压器')).toEqual(['变压', '压器']);
    expect(bigramsOf('王总')).toEqual(['王总']);
    expect(bigramsOf('aaa')).toEqual(['aa']);
    expect(bigramsOf('𠀀字')).toEqual(['𠀀字']);
    expect(bigramsOf('王')).toEqual([]);
  });
});

describe('searchTermsOf', () => {
  it('makes one lower-cased LIKE pattern per word, with LIKE wildcards escaped', () => {
    const terms = searchTermsOf(' 上海  ABC_100% ');
    expect(terms?.patterns).toEqual(['%上海%', '%abc\\_100\\%%']);
    expect(terms?.bigrams).toContain('上海');
    expect(terms?.bigrams).toContain('ab');
    expect(terms?.digitsPattern).toBeNull();
  });

  it('searches a phone fragment by its digits, and a whole number ranks its owner first', () => {
    const fragment = searchTermsOf('5290 8189');
    expect(fragment).toMatchObject({ digitsPattern: '%52908189%', bigrams: [], exactPhone: null, exactEmail: null });
    const whole = searchTermsOf('+86 139 1234 5678');
    expect(whole).toMatchObject({ digitsPattern: '%8613912345678%', exactPhone: '+8613912345678' });
    expect(searchTermsOf('0000 9428')).toMatchObject({ digitsPattern: '%00009428%', bigrams: [], exactPhone: null });
    expect(searchTermsOf('021 5290 8189')).toMatchObject({ digitsPattern: '%862152908189%', exactPhone: '+862152908189' });
  });

  it('ranks the owner of an address first', () => {
    expect(searchTermsOf('Wang@Example.com')?.exactEmail).toBe('wang@example.com');
    expect(searchTermsOf('example.com')?.exactEmail).toBeNull();
  });

  it('refuses text with no word of two characters that is not a phone fragment either', () => {
    expect(searchTermsOf('王 总')).toBeNull();
    expect(searchTermsOf('  ')).toBeNull();
    expect(searchTermsOf('王总')).not.toBeNull();
  });
});

describe('search cursor', () => {
  const id = '0b8a3a56-6f0e-4f1a-9d55-3b1f0b7c9f11';

  it('round-trips', () => {
    expect(parseSearchCursor(searchCursorOf({ tier: 0, id }))).toEqual({ tier: 0, id });
    expect(parseSearchCursor(searchCursorOf({ tier: 1, id }))).toEqual({ tier: 1, id });
  });

  it('refuses anything it did not make', () => {
    expect(parseSearchCursor('nonsense')).toBeUndefined();
    expect(parseSearchCursor(Buffer.from(`2|${id}`).toString('base64url'))).toBeUndefined();
    expect(parseSearchCursor(Buffer.from(`0|${id}|x`).toString('base64url'))).toBeUndefined();
    expect(parseSearchCursor(Buffer.from('0|not-a-uuid').toString('base64url'))).toBeUndefined();
  });
});
