import { safeRedirect } from './redirect-policy';

// As CORS_ORIGINS yields them: bare origins.
const ALLOWED = ['https://www.youpower.com.cn', 'http://localhost:8080'];

describe('safeRedirect', () => {
  it.each([
    ['https://www.youpower.com.cn/thanks.html', 'https://www.youpower.com.cn/thanks.html'],
    ['https://www.youpower.com.cn/contact?sent=1#top', 'https://www.youpower.com.cn/contact?sent=1#top'],
    ['http://localhost:8080/', 'http://localhost:8080/'],
    // Same origin, spelled differently: URL normalizes case and default port.
    ['HTTPS://WWW.YOUPOWER.COM.CN/Thanks', 'https://www.youpower.com.cn/Thanks'],
    ['https://www.youpower.com.cn:443/x', 'https://www.youpower.com.cn/x'],
  ])('follows %s to an allow-listed origin', (next, expected) => {
    expect(safeRedirect(next, ALLOWED)).toBe(expected);
  });

  it.each([
    ['javascript: URL', 'javascript:alert(document.cookie)'],
    ['javascript: URL dressed as the site', 'javascript://www.youpower.com.cn/%0aalert(1)'],
    ['data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['protocol-relative URL', '//evil.example/phish'],
    ['backslash trick', 'https:\\\\evil.example'],
    ['another origin', 'https://evil.example/'],
    ['a look-alike subdomain', 'https://www.youpower.com.cn.evil.example/'],
    ['userinfo trick', 'https://www.youpower.com.cn@evil.example/'],
    ['the right host on plain http', 'http://www.youpower.com.cn/thanks'],
    ['the right host on another port', 'https://www.youpower.com.cn:8443/thanks'],
    ['a sibling host', 'https://youpower.com.cn/thanks'],
    ['a relative path (cannot be checked against the allow-list)', '/thanks'],
    ['leading whitespace around another origin', '  https://evil.example/'],
  ])('refuses a %s', (_label, next) => {
    expect(safeRedirect(next, ALLOWED)).toBeNull();
  });

  it.each([undefined, null, '', 42, ['https://www.youpower.com.cn/'], { href: 'https://www.youpower.com.cn/' }])(
    'refuses a non-string or empty _next (%p)',
    (next) => {
      expect(safeRedirect(next, ALLOWED)).toBeNull();
    },
  );

  it('refuses an over-long URL even on an allowed origin', () => {
    expect(safeRedirect(`https://www.youpower.com.cn/${'a'.repeat(2000)}`, ALLOWED)).toBeNull();
  });

  it('refuses everything with an empty allow-list (the default)', () => {
    expect(safeRedirect('https://www.youpower.com.cn/thanks', [])).toBeNull();
  });
});
