import { errorPageLang, renderErrorPage } from './error-page';

const me = { name: 'li.na', role: 'staff' as const, displayName: '李娜' };

describe('errorPageLang', () => {
  it.each([
    ['en', undefined, 'en'],
    ['zh', 'en-GB,en;q=0.9', 'zh'],
    [undefined, 'zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    [undefined, 'en-US,en;q=0.9,zh-CN;q=0.5', 'en'],
    [undefined, 'fr-FR,en;q=0.3,zh;q=0.7', 'zh'],
    [undefined, 'de-DE', 'zh'],
    [undefined, undefined, 'zh'],
    ['<script>', 'en', 'en'],
  ])('?lang=%p with Accept-Language %p speaks %s', (query, accept, lang) => {
    expect(errorPageLang(query, accept)).toBe(lang);
  });
});

describe('renderErrorPage', () => {
  it('says 403 and 404 in Chinese, with the way back to the board', () => {
    const forbidden = renderErrorPage({ lang: 'zh', status: 403, path: '/admin/board/staff', me });
    expect(forbidden).toContain('<html lang="zh-CN">');
    expect(forbidden).toContain('没有权限');
    expect(forbidden).toContain('href="/admin"');
    const missing = renderErrorPage({ lang: 'zh', status: 404, path: '/admin/nowhere', me });
    expect(missing).toContain('找不到该页面');
    expect(missing).toContain('<code>/admin/nowhere</code>');
    expect(renderErrorPage({ lang: 'en', status: 404, path: '/admin/x', me })).toContain('Page not found');
    expect(renderErrorPage({ lang: 'zh', status: 400, path: '/admin/x', me })).toContain('HTTP 400');
  });

  it('keeps a hostile path text', () => {
    const html = renderErrorPage({ lang: 'zh', status: 404, path: '/admin/<script>alert(1)</script>', me });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
