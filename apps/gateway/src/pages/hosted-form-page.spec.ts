import { FormDefinition, localizeErrors, compileForm } from '@app/contracts';
import { hostedValuesFrom, renderHostedFormPage } from './hosted-form-page';

const QUOTE: FormDefinition = {
  slug: 'quote',
  name: 'Request a quote',
  status: 'active',
  language: 'en',
  version: 3,
  fields: [
    { key: 'name' },
    { key: 'email', required: true, label: { zh: '工作邮箱', en: 'Work email' } },
    {
      key: 'product',
      type: 'select',
      required: true,
      label: { zh: '产品线', en: 'Product line' },
      options: [
        { value: 'steel', label: { zh: '钢材', en: 'Steel' } },
        { value: 'glass', label: { zh: '玻璃', en: 'Glass' } },
      ],
    },
    {
      key: 'colours',
      type: 'multiselect',
      label: { zh: '颜色', en: 'Colours' },
      options: [
        { value: 'red', label: { zh: '红', en: 'Red' } },
        { value: 'blue', label: { zh: '蓝', en: 'Blue' } },
      ],
    },
    { key: 'quantity', type: 'number', min: 1, max: 1000, label: { zh: '数量', en: 'Quantity' } },
    { key: 'due', type: 'date', label: { zh: '交期', en: 'Due' } },
    { key: 'notes', type: 'textarea', maxLength: 500, label: { zh: '备注', en: 'Notes' } },
    { key: 'sample', type: 'checkbox', label: { zh: '需要样品', en: 'Send a sample' } },
    { key: 'consent' },
  ],
  origins: [],
  redirect: null,
  successMessage: null,
  team: 'east',
  routing: [{ field: 'product', equals: 'steel', mailTo: ['secret@example.com'] }],
  mailTo: ['boss@example.com'],
  robots: ['华东'],
  slaMinutes: null,
  autoresponse: null,
};

const base = {
  form: QUOTE,
  token: 'tok.en',
  privacyPolicyUrl: '/privacy',
  companyName: 'ACME',
  consentRequired: true,
};

describe('renderHostedFormPage', () => {
  it('draws every field by its type, in the form order, with its labels in the language asked', () => {
    const en = renderHostedFormPage({ ...base, lang: 'en' });
    expect(en).toContain('action="/api/forms/quote/leads"');
    expect(en).toContain('<label for="f-email">Work email <span class="req">required</span>');
    expect(en).toMatch(/<select id="f-product" name="product" required>/);
    expect(en).toContain('<option value="steel">Steel</option>');
    expect(en).toMatch(/<select id="f-colours" name="colours" multiple>/);
    expect(en).toContain('<input type="number" id="f-quantity" name="quantity" value="" min="1" max="1000" step="any">');
    expect(en).toContain('<input type="date" id="f-due"');
    expect(en).toContain('<textarea id="f-notes" name="notes" rows="6" maxlength="500">');
    expect(en).toContain('<input type="checkbox" id="f-sample" name="sample" value="on">');
    expect(en).toMatch(/<input type="checkbox" id="f-consent" name="consent" value="on" required>/);
    expect(en).toContain('name="_token" value="tok.en"');
    expect(en.indexOf('f-email')).toBeLessThan(en.indexOf('f-product'));
    expect(en.indexOf('f-product')).toBeLessThan(en.indexOf('f-notes'));
    // Nothing of where leads go reaches the visitor.
    expect(en).not.toContain('secret@example.com');
    expect(en).not.toContain('boss@example.com');

    const zh = renderHostedFormPage({ ...base, lang: 'zh' });
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<option value="steel">钢材</option>');
    expect(zh).toContain('<label for="f-product">产品线 <span class="req">必填</span>');
    expect(zh).toContain('href="/f/quote?lang=en"');
  });

  it('shows a failed post again with what was typed and each error by its field', () => {
    const body = { name: 'Li', email: 'li@example.com', product: 'wood', colours: ['red', 'blue'], quantity: '5000' };
    const result = compileForm(QUOTE, { consentRequired: true }).validate(body);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : localizeErrors(result.errors, 'en', compileForm(QUOTE, { consentRequired: true }).labels);
    const html = renderHostedFormPage({ ...base, lang: 'en', values: hostedValuesFrom(QUOTE, body), errors });
    expect(html).toMatch(
      /<select id="f-product" name="product" required aria-invalid="true" aria-describedby="f-product-error">/,
    );
    expect(html).toMatch(/<p class="field-error" id="f-product-error">[^<]+<\/p>/);
    expect(html).toMatch(/<p class="field-error" id="f-quantity-error">[^<]+<\/p>/);
    expect(html).toContain('<a href="#f-product">');
    expect(html).toContain('value="Li"');
    expect(html).toContain('<option value="red" selected>Red</option>');
    expect(html).toContain('<option value="blue" selected>Blue</option>');
    expect(html).toContain('value="5000"');
  });

  it('asks for consent when CONSENT_REQUIRED even if the form leaves the field out', () => {
    const withoutConsent = { ...QUOTE, fields: QUOTE.fields.filter((f) => f.key !== 'consent') };
    expect(renderHostedFormPage({ ...base, form: withoutConsent, lang: 'en' })).toMatch(
      /<input type="checkbox" id="f-consent" name="consent" value="on" required>/,
    );
    expect(renderHostedFormPage({ ...base, form: withoutConsent, consentRequired: false, lang: 'en' })).not.toContain(
      'f-consent',
    );
  });

  it('escapes what a visitor typed', () => {
    const naughty = '"><script>alert(1)</script>';
    const html = renderHostedFormPage({ ...base, lang: 'en', values: { name: naughty, notes: `</textarea>${naughty}` } });
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});
