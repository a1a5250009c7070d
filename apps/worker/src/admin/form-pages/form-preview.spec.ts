import { renderHostedForm } from '@app/views';
import { previewInput, renderFormPreview } from './form-preview';

const EVIL = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

const QUOTE = {
  slug: 'quote',
  name: 'Request a quote',
  language: 'en',
  // Where leads go does not change the page: a bad address here does not stop the preview.
  mailTo: ['not an address'],
  fields: [
    { key: 'name' },
    { key: 'email', required: true },
    {
      key: 'product',
      type: 'select',
      required: true,
      label: { zh: '产品线', en: 'Product line' },
      options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
    },
    { key: 'region', type: 'text', label: { zh: '地区', en: EVIL } },
  ],
};

function ok(body: unknown, lang: 'zh' | 'en' = 'en') {
  const input = previewInput(body, lang);
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  return input;
}

describe('the form preview', () => {
  it("is the gateway's hosted form, in the language asked, as a document of its own with the form's stylesheet", () => {
    const input = ok(QUOTE);
    const html = renderFormPreview(input, 'zh');
    const { body } = renderHostedForm({
      form: { ...input.value, version: 0 },
      lang: 'zh',
      token: 'preview',
      privacyPolicyUrl: '/privacy',
      companyName: '',
      consentRequired: true,
    });
    expect(html).toContain(body);
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/admin\/assets\/form\.css(\?v=[\w-]+)?">/);
    expect(html).toContain('<label for="f-product">产品线 <span class="req">必填</span>');
    expect(html).toContain('<option value="steel">钢材</option>');
    // No script of any kind, and consent asked for as the gateway's default (CONSENT_REQUIRED) asks.
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('name="consent"');
    expect(renderFormPreview(input, 'en')).toContain('<option value="steel">Steel</option>');
  });

  it('keeps a hostile label text', () => {
    const html = renderFormPreview(ok(QUOTE), 'en');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(html).not.toMatch(/<img/);
  });

  it('draws a new form without a slug or name under placeholders', () => {
    const input = ok({ slug: '', name: '  ', fields: QUOTE.fields }, 'zh');
    expect(input.value.slug).toBe('preview');
    expect(input.value.name).toBe('新建表单');
  });

  it('refuses a bad question by its JSON path, as saving would', () => {
    const bad = previewInput(
      { ...QUOTE, fields: [...QUOTE.fields, { key: 'size', type: 'select', label: { zh: '尺寸', en: 'Size' } }] },
      'en',
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['fields[4].options:options_required']);
  });
});
