import { validateLead } from '../lead-fields';
import { localizeErrors } from '../lead-messages';
import { DEFAULT_FORM } from './default-form';
import { compileForm } from './form-post';
import type { FormDefinition } from './form.types';

const QUOTE: FormDefinition = {
  ...DEFAULT_FORM,
  slug: 'quote',
  name: 'Request a quote',
  version: 3,
  fields: [
    { key: 'name' },
    { key: 'phone' },
    { key: 'email' },
    { key: 'company', required: true, label: { zh: '单位', en: 'Organisation' } },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [
        { value: 'steel', label: { zh: '钢材', en: 'Steel' } },
        { value: 'glass', label: { zh: '玻璃', en: 'Glass' } },
      ],
    },
    { key: 'quantity', type: 'number', label: { zh: '数量', en: 'Quantity' }, min: 1, max: 1000 },
    {
      key: 'regions',
      type: 'multiselect',
      label: { zh: '地区', en: 'Regions' },
      options: [
        { value: 'east', label: { zh: '华东', en: 'East' } },
        { value: 'south', label: { zh: '华南', en: 'South' } },
      ],
    },
    { key: 'delivery', type: 'date', label: { zh: '交货日期', en: 'Delivery' } },
    { key: 'site', type: 'url', label: { zh: '网站', en: 'Website' } },
    { key: 'samples', type: 'checkbox', label: { zh: '需要样品', en: 'Samples' } },
  ],
};
const quote = compileForm(QUOTE, { consentRequired: false });
const post = { name: '张伟', phone: '13812345678', company: '某某钢铁', product: 'steel' };
const codes = (body: unknown) => {
  const r = quote.validate(body);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe('compileForm', () => {
  it('keeps typed custom values apart from the extras; the requirement is optional when the form does not ask for it', () => {
    const r = quote.validate({
      ...post,
      quantity: '12',
      regions: ['east', 'south', 'east'],
      delivery: '2025-03-01',
      samples: 'on',
      note: 'x',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.custom).toEqual({
      product: 'steel',
      quantity: 12,
      regions: ['east', 'south'],
      delivery: '2025-03-01',
      samples: true,
    });
    expect(r.fields.extras).toEqual({ note: 'x' });
    expect(r.fields.requirement).toBe('');
  });

  it('refuses a select value outside its options, a number out of range and a missing required field, each by field', () => {
    expect(codes({ ...post, product: 'wood', quantity: 0 })).toEqual(['product:not_an_option', 'quantity:too_small']);
    expect(codes({ ...post, quantity: 1001 })).toEqual(['quantity:too_large']);
    expect(codes({ ...post, product: undefined, quantity: '12abc' })).toEqual(['product:required', 'quantity:invalid_number']);
    expect(codes({ ...post, company: '' })).toEqual(['company:required']);
  });

  it('refuses bad dates, URLs and multiselect values', () => {
    expect(codes({ ...post, delivery: '2025-02-30', site: 'javascript:alert(1)', regions: ['east', 'west'] })).toEqual([
      'regions:not_an_option',
      'delivery:invalid_date',
      'site:invalid_url',
    ]);
  });

  it('reports the built-ins as the lead contract does, together with the custom errors', () => {
    expect(codes({ product: 'x' })).toEqual([
      'name:required',
      'phone:contact_required',
      'email:contact_required',
      'product:not_an_option',
    ]);
  });

  it('words its errors with the form labels in zh and en', () => {
    const r = quote.validate({ ...post, product: 'wood', company: '' });
    if (r.ok) throw new Error('expected errors');
    expect(localizeErrors(r.errors, 'zh', quote.labels).map((e) => e.message)).toEqual(['请填写单位', '请从列表中选择产品线']);
    expect(localizeErrors(r.errors, 'en', quote.labels).map((e) => e.message)).toEqual([
      'Organisation is required',
      'Choose Product line from the list',
    ]);
  });

  it('is exactly the lead contract for the default form', () => {
    const form = compileForm(DEFAULT_FORM, { consentRequired: true });
    const bodies = [
      { name: 'A', phone: '13812345678', requirement: 'x', consent: 'on', extra: 'y' },
      { name: 'A', requirement: '' },
      { phone: 'abc', email: 'x@', consent: 'no' },
      'not an object',
    ];
    for (const body of bodies) {
      const lead = validateLead(body, { consentRequired: true });
      const r = form.validate(body);
      if (lead.ok) expect(r).toEqual({ ok: true, fields: lead.value, custom: {} });
      else expect(r).toEqual({ ok: false, errors: lead.errors });
    }
  });
});
