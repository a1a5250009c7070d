import { validateLead, type LeadFields } from '@app/contracts';
import { leadFingerprint } from './lead-fingerprint';

function fields(body: Record<string, unknown>): LeadFields {
  const result = validateLead(body, { consentRequired: false });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const BODY = {
  name: '王小明',
  phone: '13812345678',
  requirement: '200 套储能设备的报价',
  utm_source: 'baidu',
  utm_medium: 'cpc',
  budget: '50万',
  region: '华东',
};

describe('leadFingerprint', () => {
  it('is the same for the same post, whatever the order of its fields', () => {
    const reordered = Object.fromEntries(Object.entries(BODY).reverse());
    expect(leadFingerprint(fields(reordered))).toBe(leadFingerprint(fields(BODY)));
  });

  it('ignores what validation drops: surrounding spaces, the form token, language and redirect', () => {
    const retried = { ...BODY, name: ` ${BODY.name} `, _token: 'another.token', _lang: 'en', _next: 'https://x.example' };
    expect(leadFingerprint(fields(retried))).toBe(leadFingerprint(fields(BODY)));
  });

  it.each([
    ['the name', { name: '李雷' }],
    ['the phone as typed', { phone: '138 1234 5678' }],
    ['the requirement', { requirement: '另一个需求' }],
    ['a UTM tag', { utm_source: 'google' }],
    ['an extra field', { budget: '60万' }],
    ['an added field', { company: '某某公司' }],
    ['consent', { consent: 'on' }],
  ])('changes with %s', (_label, change) => {
    expect(leadFingerprint(fields({ ...BODY, ...change }))).not.toBe(leadFingerprint(fields(BODY)));
  });

  it('keeps extras apart from the known fields of the same value (no ambiguous concatenation)', () => {
    const a = fields({ ...BODY, note: 'a', notes: '' });
    const b = fields({ ...BODY, note: '', notes: 'a' });
    expect(leadFingerprint(a)).not.toBe(leadFingerprint(b));
  });
});
