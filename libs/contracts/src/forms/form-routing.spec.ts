import { validateLead } from '../lead-fields';
import { DEFAULT_FORM } from './default-form';
import { routeLead } from './form-routing';
import type { FormDefinition } from './form.types';

const form: FormDefinition = {
  ...DEFAULT_FORM,
  slug: 'quote',
  team: 'sales',
  mailTo: ['quotes@example.com'],
  robots: ['all-hands'],
  routing: [
    { field: 'product', equals: '钢材', team: '华东钢材', robots: ['华东'] },
    { field: 'requirement', contains: 'URGENT', mailTo: ['boss@partner.example'] },
    { field: 'product', equals: 'glass', team: 'glass' },
  ],
};
const lead = (requirement = '报价') => {
  const r = validateLead({ name: 'A', phone: '13812345678', requirement }, { consentRequired: false });
  if (!r.ok) throw new Error('fixture');
  return r.value;
};

describe('routeLead', () => {
  it('takes the first matching rule, and the form settings for what it does not name', () => {
    expect(routeLead(form, lead('urgent please'), { product: ' 钢材 ' })).toEqual({
      team: '华东钢材',
      mailTo: ['quotes@example.com'],
      robots: ['华东'],
      rule: 0,
    });
  });

  it('matches contains case-insensitively on built-in fields', () => {
    expect(routeLead(form, lead('this is Urgent'), { product: 'glass' })).toEqual({
      team: 'sales',
      mailTo: ['boss@partner.example'],
      robots: ['all-hands'],
      rule: 1,
    });
  });

  it('matches any chosen value of a multiselect', () => {
    expect(routeLead(form, lead(), { product: ['wood', 'GLASS'] }).rule).toBe(2);
  });

  it('falls back to the form settings when no rule matches', () => {
    expect(routeLead(form, lead(), { product: 'wood' })).toEqual({
      team: 'sales',
      mailTo: ['quotes@example.com'],
      robots: ['all-hands'],
      rule: null,
    });
  });
});
