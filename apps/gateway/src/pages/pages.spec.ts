import { Lang, UTM_KEYS } from '@app/contracts';
import { FORM_FIELDS, formValuesFrom, renderFormPage } from './form-page';
import { privacyPage } from './privacy-page';
import { keyReusedPage, messagePage, rateLimitedPage, thanksPage, unavailablePage } from './result-pages';

/**
 * Visitor text that has broken pages elsewhere: markup, attribute breakouts,
 * quotes, entities, script URLs, template syntax, very long text, emoji,
 * bidi marks and control characters.
 */
const NAUGHTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "'",
  '"',
  '&',
  '&amp;&lt;&#60;',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<!--',
  '<![CDATA[x]]>',
  '<%= it.token %><%~ it.body %>',
  '${7*7}{{7*7}}{label}',
  `${'长'.repeat(3000)}<b>${'x'.repeat(3000)}`,
  '😀👍🏽👨‍👩‍👧 🇨🇳',
  '\u202Eevil\u202C \u200F\u061C\u200E',
  '\u0001\u0008\u000b\u001b\u007f\u0085',
];

const LANGS: Lang[] = ['zh', 'en'];

/** The tags the templates write; anything else starting with `<` came from the data. */
const TEMPLATE_TAG =
  /<!doctype html>|<\/?(?:html|head|meta|link|title|script|body|header|main|h1|h2|p|a|span|div|ul|li|form|input|label|fieldset|legend|textarea|button|code)(?:\s[^<>]*)?>/gi;

function expectOnlyTemplateMarkup(html: string, naughty: string): void {
  const tags = html.match(TEMPLATE_TAG) ?? [];
  // No tag the data could have opened or extended with a handler or a script URL.
  // The empty favicon is the template's own data: URL.
  for (const tag of tags.filter((tag) => tag !== '<link rel="icon" href="data:,">')) {
    // Outside its quoted values, a tag has only the template's attributes: no handler the data opened.
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+=/i);
    expect(tag).not.toMatch(/\s(?:href|src|action)="\s*(?:javascript|data):/i);
  }
  expect(html.replace(TEMPLATE_TAG, '')).not.toContain('<');
  expect(tags.filter((tag) => /^<script/i.test(tag)).every((tag) => tag === '<script src="/assets/form.js" defer>')).toBe(true);
  if (/[<>]/.test(naughty)) expect(html).not.toContain(naughty);
}

/** Every link of a rendered page: its href (as written) and its other attributes, so a test compares URLs, not markup. */
function linksIn(html: string): { href: string; attrs: string }[] {
  return [...html.matchAll(/<a href="([^"]*)"([^>]*)>/g)].map((m) => ({ href: m[1], attrs: m[2].trim() }));
}

describe.each(LANGS)('gateway pages in %s', (lang) => {
  describe.each(NAUGHTY.map((text, i) => [i, text] as const))('with naughty text #%i', (_i, naughty) => {
    it('the form page as first served (the cached blank page), with what a link passed through', () => {
      const passed: Record<string, string> = { _next: naughty };
      for (const key of UTM_KEYS) passed[key] = naughty;
      for (const companyName of ['', naughty]) {
        const html = renderFormPage({ lang, token: naughty, privacyPolicyUrl: naughty, companyName, values: passed });
        expectOnlyTemplateMarkup(html, naughty);
        expect(html.match(/<input type="hidden" name="utm_\w+" value="[^"]*">/g)).toHaveLength(UTM_KEYS.length);
      }
    });

    it('the form page again after a failed post', () => {
      const values: Record<string, string> = { _next: naughty };
      for (const field of [...FORM_FIELDS, ...UTM_KEYS]) values[field] = naughty;
      const html = renderFormPage({
        lang,
        token: naughty,
        privacyPolicyUrl: naughty,
        companyName: naughty,
        consentRequired: true,
        values: formValuesFrom({ ...values, _gotcha: naughty, _token: naughty, extra: naughty }),
        errors: [...FORM_FIELDS.map((field) => ({ field, message: naughty })), { field: naughty, message: `${naughty}!` }],
        notice: naughty,
      });
      expectOnlyTemplateMarkup(html, naughty);
      // The privacy link only ever points at http(s) or this site.
      expect(html).toMatch(/<a href="(?:https?:\/\/|\/)[^"]*" target="_blank" rel="noopener">/);
      // What was typed comes back, escaped, not dropped.
      expect(html.match(/<input type="hidden" name="utm_source" value="[^"]*">/)).not.toBeNull();
    });

    it('the result pages', () => {
      for (const html of [
        thanksPage(lang, naughty),
        thanksPage(lang, naughty, { hotline: naughty, siteUrl: 'https://www.youpower.com.cn' }),
        messagePage(lang, naughty),
        rateLimitedPage(lang, 30),
      ]) {
        expectOnlyTemplateMarkup(html, naughty);
      }
    });

    it('the privacy policy', () => {
      expectOnlyTemplateMarkup(privacyPage({ lang, companyName: naughty, version: naughty, hotline: naughty }), naughty);
    });
  });

  it('writes the page in the language asked for, with the language switch pointing at the other', () => {
    const html = renderFormPage({ lang, token: 't.1', privacyPolicyUrl: '/privacy', companyName: '' });
    expect(html).toContain(lang === 'zh' ? '<html lang="zh-CN">' : '<html lang="en">');
    expect(html).toContain(`href="/?lang=${lang === 'zh' ? 'en' : 'zh'}"`);
    expect(html).toContain('<input type="hidden" name="_token" value="t.1">');
    expect(html).toContain('<p class="field-error" id="f-name-error" hidden></p>');
    expect(html).toContain('<div class="error-summary" id="error-summary" role="alert" tabindex="-1" hidden>');
  });

  it('marks each field with an error and describes it by its error text', () => {
    const html = renderFormPage({
      lang,
      token: 't.1',
      privacyPolicyUrl: '/privacy',
      companyName: 'ACME',
      errors: [
        { field: 'phone', message: 'P' },
        { field: 'email', message: 'P' },
      ],
    });
    expect(html).toMatch(/id="f-phone"[^>]* aria-invalid="true" aria-describedby="contact-hint f-phone-error">/);
    expect(html).toMatch(/id="f-name"[^>]* required>/);
    // "phone or email" is one problem: one summary line, on both fields.
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(html).toContain('<p class="field-error" id="f-email-error">P</p>');
  });

  it("links the consent to the default policy in the form's language, or to the one configured", () => {
    const own = renderFormPage({ lang, token: 't.1', privacyPolicyUrl: '/privacy', companyName: '' });
    expect(linksIn(own)).toContainEqual({ href: `/privacy?lang=${lang}`, attrs: 'target="_blank" rel="noopener"' });
    const theirs = renderFormPage({
      lang,
      token: 't.1',
      privacyPolicyUrl: 'https://www.youpower.com.cn/privacy',
      companyName: '',
    });
    expect(theirs).toContain('<a href="https://www.youpower.com.cn/privacy" target="_blank" rel="noopener">');
  });

  it('serves a privacy policy naming what is collected, why, for how long, the rights and the version', () => {
    const html = privacyPage({ lang, companyName: '上海优能科技有限公司', version: '2026-01', hotline: '400-800-1234' });
    expect(html).toContain(lang === 'zh' ? '<html lang="zh-CN">' : '<html lang="en">');
    expect(html).toContain('上海优能科技有限公司');
    expect(html.match(/<h2>/g)).toHaveLength(7);
    expect(html).toContain('2026-01');
    expect(html).toContain('<a href="tel:4008001234">400-800-1234</a>');
    expect(html).toMatch(lang === 'zh' ? /个人信息保护法/ : /Personal Information Protection Law/);
    expect(linksIn(html).map((l) => l.href)).toContain(`/?lang=${lang}`);
    expect(privacyPage({ lang, companyName: '', version: '2026-01' })).not.toContain('tel:');
  });

  it('tells on the thank-you page when we call, the short reference, the hotline and a way back', () => {
    const id = '3f9a2c1b-e2bb-4255-8caf-4136c566a962';
    const html = thanksPage(lang, id, { hotline: '+86 21 5290 8189', siteUrl: 'https://www.youpower.com.cn' });
    expect(html).toContain('<code class="lead-ref" title="3f9a2c1b-e2bb-4255-8caf-4136c566a962">3F9A2C1B</code>');
    expect(html).toMatch(lang === 'zh' ? /工作时间内尽快与您联系/ : /during business hours/);
    expect(html).toContain('<a href="tel:+862152908189">+86 21 5290 8189</a>');
    expect(html).toContain('<a href="https://www.youpower.com.cn">');

    const plain = thanksPage(lang, null);
    expect(plain).not.toContain('<code');
    expect(plain).not.toContain('tel:');
    expect(linksIn(plain)).toContainEqual({ href: `/?lang=${lang}`, attrs: '' });
  });

  it('renders the busy page once', () => {
    expect(unavailablePage(lang)).toBe(unavailablePage(lang));
    expectOnlyTemplateMarkup(unavailablePage(lang), '');
  });

  it('says an Idempotency-Key was used for another submission', () => {
    const html = keyReusedPage(lang);
    expectOnlyTemplateMarkup(html, '');
    expect(html).toContain('Idempotency-Key');
  });
});
