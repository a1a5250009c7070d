import { parseFormInput } from '@app/contracts';
import { definitionOf, errorAnchors, move, stateOf } from '../../../browser/form-editor-model';
import { teamFormBody } from './team-form';

const quote = {
  slug: 'quote',
  name: 'Request a quote',
  status: 'active',
  language: 'en',
  fields: [
    { key: 'name', required: true },
    { key: 'email', required: true },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
    },
    { key: 'qty', type: 'number', label: { zh: '数量', en: 'Quantity' }, required: false, min: 1, max: 1000 },
  ],
  origins: ['https://example.com'],
  redirect: null,
  successMessage: null,
  team: '华东',
  routing: [{ field: 'product', contains: 'steel', team: '华东', robots: ['华东'] }],
  mailTo: ['a@example.com', 'b@example.com'],
  robots: [],
  slaMinutes: 30,
  autoresponse: null,
};

describe('the form editor model', () => {
  it('gives back the definition it was drawn from, which the API accepts', () => {
    const back = definitionOf(stateOf(quote));
    expect(back).toEqual(quote);
    expect(parseFormInput(back).ok).toBe(true);
  });

  it('sends typed numbers, lists from lines, and text the API must refuse as typed', () => {
    const s = stateOf(quote);
    s.fields[3].min = ' 5 ';
    s.fields[3].max = 'lots';
    s.origins = 'https://a.example\n\n https://b.example ';
    s.slaMinutes = '';
    const d = definitionOf(s) as { fields: { min?: unknown; max?: unknown }[]; origins: string[]; slaMinutes: unknown };
    expect(d.fields[3]).toMatchObject({ min: 5, max: 'lots' });
    expect(d.origins).toEqual(['https://a.example', 'https://b.example']);
    expect(d.slaMinutes).toBeNull();
  });

  it('drops what a type does not have: options off a text field, type off a built-in', () => {
    const s = stateOf(quote);
    s.fields[2].type = 'text';
    s.fields[0].type = 'select';
    const d = definitionOf(s) as { fields: Record<string, unknown>[] };
    expect(d.fields[2].options).toBeUndefined();
    expect(d.fields[0]).toEqual({ key: 'name', required: true });
  });

  it('moves an item one place and leaves the ends alone', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(move(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('anchors an error at its path, then at each enclosing part', () => {
    expect(errorAnchors('fields[2].options[0].value')).toEqual([
      'fields[2].options[0].value',
      'fields[2].options[0]',
      'fields[2].options',
      'fields[2]',
      'fields',
    ]);
    expect(errorAnchors('origins[1]')).toEqual(['origins[1]', 'origins']);
    expect(errorAnchors('name')).toEqual(['name']);
  });
});

describe('a Teams page post', () => {
  it('reads members as one box, several or none', () => {
    expect(teamFormBody({ name: 'x', members: 'li' }).members).toEqual(['li']);
    expect(teamFormBody({ name: 'x', members: ['li', 'wang'] }).members).toEqual(['li', 'wang']);
    expect(teamFormBody({ name: 'x' }).members).toEqual([]);
  });
});
