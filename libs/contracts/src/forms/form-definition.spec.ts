import { mergeFormPatch, parseFormInput } from './form-definition';
import { DEFAULT_FORM } from './default-form';

const quote = (over: Record<string, unknown> = {}) => ({
  slug: 'quote',
  name: 'Request a quote',
  fields: [
    { key: 'name' },
    { key: 'email', required: true },
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
  ],
  ...over,
});

const errorsOf = (raw: unknown) => {
  const r = parseFormInput(raw);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe('parseFormInput', () => {
  it('accepts a form with built-ins and custom fields and fills the defaults', () => {
    const r = parseFormInput(quote());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      status: 'active',
      language: 'zh',
      origins: [],
      mailTo: [],
      robots: [],
      routing: [],
      team: null,
    });
    expect(r.value.fields.map((f) => f.key)).toEqual(['name', 'email', 'product', 'quantity']);
  });

  it('accepts the default form as the migration stores it', () => {
    expect(errorsOf(DEFAULT_FORM)).toEqual([]);
  });

  it.each([['Quote'], ['-quote'], ['a'.repeat(41)], ['q_1'], ['']])('refuses the slug %p', (slug) => {
    expect(errorsOf(quote({ slug }))).toContain('slug:invalid_slug');
  });

  it('refuses bad keys, reserved keys, duplicates and unknown types, each by its path', () => {
    const fields = [
      { key: 'name' },
      { key: 'phone' },
      { key: 'Product', type: 'text', label: { zh: 'a', en: 'a' } },
      { key: 'utm_source', type: 'text', label: { zh: 'a', en: 'a' } },
      { key: 'phone' },
      { key: 'colour', type: 'colour', label: { zh: 'a', en: 'a' } },
      { key: 'a'.repeat(33), type: 'text', label: { zh: 'a', en: 'a' } },
    ];
    expect(errorsOf(quote({ fields }))).toEqual([
      'fields[2].key:invalid_key',
      'fields[3].key:reserved_key',
      'fields[4].key:duplicate',
      'fields[5].type:invalid_type',
      'fields[6].key:invalid_key',
    ]);
  });

  it('requires name, and phone or email', () => {
    expect(errorsOf(quote({ fields: [{ key: 'email' }] }))).toEqual(['fields:builtin_required']);
    expect(errorsOf(quote({ fields: [{ key: 'name' }, { key: 'company' }] }))).toEqual(['fields:contact_field_required']);
    expect(errorsOf(quote({ fields: [{ key: 'name', required: false }, { key: 'phone' }] }))).toEqual([
      'fields[0].required:builtin_required',
    ]);
    expect(errorsOf(quote({ fields: [] }))).toEqual(['fields:required']);
  });

  it('needs options for a select, labels in both languages, and min not above max', () => {
    const fields = [
      { key: 'name' },
      { key: 'phone' },
      { key: 'pick', type: 'select', label: { zh: '选', en: 'Pick' } },
      { key: 'note', type: 'text', label: { zh: '备注' } },
      { key: 'qty', type: 'number', label: { zh: '数', en: 'Qty' }, min: 5, max: 1 },
      {
        key: 'many',
        type: 'multiselect',
        label: { zh: '多', en: 'Many' },
        options: [
          { value: 'a', label: { zh: 'a', en: 'a' } },
          { value: 'a', label: { zh: 'b', en: 'b' } },
        ],
      },
    ];
    expect(errorsOf(quote({ fields }))).toEqual([
      'fields[2].options:options_required',
      'fields[3].label.en:required',
      'fields[4].min:min_above_max',
      'fields[5].options[1].value:duplicate',
    ]);
  });

  it('bounds fields and options', () => {
    const many = Array.from({ length: 41 }, (_, i) => ({ key: `f${i}`, type: 'text', label: { zh: 'x', en: 'x' } }));
    expect(errorsOf(quote({ fields: many }))).toContain('fields:too_many');
    const options = Array.from({ length: 101 }, (_, i) => ({ value: `v${i}`, label: { zh: 'x', en: 'x' } }));
    const fields = [{ key: 'name' }, { key: 'phone' }, { key: 'pick', type: 'select', label: { zh: 'x', en: 'x' }, options }];
    expect(errorsOf(quote({ fields }))).toContain('fields[2].options:too_many');
  });

  it('checks routing rules, recipients, robots, origins, redirect and the SLA', () => {
    const errors = errorsOf(
      quote({
        routing: [
          { field: 'product', equals: 'steel', team: '华东钢材', robots: ['华东'], mailTo: ['steel@partner.example'] },
          { field: 'colour', equals: 'red' },
          { field: 'product', equals: 'a', contains: 'b' },
          { field: 'product' },
        ],
        mailTo: ['not-an-address'],
        robots: ['a=b'],
        origins: ['https://example.com/path'],
        redirect: 'javascript:alert(1)',
        slaMinutes: 0,
        status: 'closed',
        language: 'fr',
      }),
    );
    expect(errors).toEqual([
      'status:invalid',
      'language:invalid',
      'origins[0]:invalid_origin',
      'redirect:invalid_url',
      'routing[1].field:unknown_field',
      'routing[2]:rule_needs_one_match',
      'routing[3]:rule_needs_one_match',
      'mailTo[0]:invalid_email',
      'robots[0]:invalid',
      'slaMinutes:invalid',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(errorsOf([])).toEqual(['_body:invalid']);
  });
});

describe('mergeFormPatch', () => {
  const current = (() => {
    const r = parseFormInput(quote());
    if (!r.ok) throw new Error('fixture');
    return r.value;
  })();

  it('keeps what the patch does not name', () => {
    const r = mergeFormPatch(current, { status: 'paused' });
    expect(r.ok && r.value).toMatchObject({ status: 'paused', name: 'Request a quote', slug: 'quote' });
  });

  it('refuses to change the slug', () => {
    expect(mergeFormPatch(current, { slug: 'other' })).toEqual({ ok: false, errors: [{ field: 'slug', code: 'invalid' }] });
  });
});
