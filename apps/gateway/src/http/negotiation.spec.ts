import { pickLang, prefersHtml } from './negotiation';

// What current browsers send for a top-level form navigation.
const CHROME_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const FIREFOX_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('prefersHtml', () => {
  it.each([CHROME_ACCEPT, FIREFOX_ACCEPT, 'text/html'])('is true for a browser form post (%s)', (accept) => {
    expect(prefersHtml({ accept })).toBe(true);
  });

  it.each([
    ['*/* (curl, fetch without an Accept)', '*/*'],
    ['application/json', 'application/json'],
    ['JSON preferred over HTML', 'application/json, text/html;q=0.5'],
    ['an unrelated type', 'image/png'],
  ])('is false for %s', (_label, accept) => {
    expect(prefersHtml({ accept })).toBe(false);
  });

  it('is false without an Accept header, so API clients get JSON', () => {
    expect(prefersHtml({})).toBe(false);
  });
});

describe('pickLang', () => {
  it.each([
    ['zh-CN', 'zh'],
    ['zh', 'zh'],
    ['zh-TW', 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US', 'en'],
    ['en-US,zh;q=0.5', 'en'],
    ['zh;q=0.4,en;q=0.6', 'en'],
  ])('reads Accept-Language %s as %s', (header, lang) => {
    expect(pickLang({ 'accept-language': header })).toBe(lang);
  });

  it('uses the fallback when there is no Accept-Language header', () => {
    expect(pickLang({})).toBe('en');
    expect(pickLang({}, undefined, 'zh')).toBe('zh');
    expect(pickLang({ 'accept-language': '' }, undefined, 'zh')).toBe('zh');
  });

  it('lets an explicit _lang win over the header', () => {
    expect(pickLang({ 'accept-language': 'en-US' }, 'zh')).toBe('zh');
    expect(pickLang({ 'accept-language': 'zh-CN' }, 'en')).toBe('en');
  });

  it('ignores an explicit value that is not a supported language', () => {
    expect(pickLang({ 'accept-language': 'zh-CN' }, 'fr')).toBe('zh');
    expect(pickLang({ 'accept-language': 'zh-CN' }, ['en'])).toBe('zh');
  });
});
