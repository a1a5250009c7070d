import fc from 'fast-check';
import { isStorableText, storableText, validateLead } from './lead-fields';
import { UTM_KEYS } from './lead.types';

/**
 * Whatever the field rules accept must be text Postgres can store in `text`
 * and `jsonb`: a lead answered 202 and then refused by the database is a lost
 * lead. Generated strings are full Unicode with lone UTF-16 halves and NUL
 * mixed in, in every field the contract reads (and in extra fields' names).
 */
const loneHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hostile = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), loneHalf, fc.constant('\u0000'), fc.constant('x')), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

const FIELDS = ['name', 'phone', 'email', 'company', 'requirement', ...UTM_KEYS, 'note'] as const;

function everyString(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => everyString(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      everyString(v, out);
    }
  }
  return out;
}

describe('the field rules accept only storable text', () => {
  it('isStorableText finds lone halves and NUL, and keeps pairs', () => {
    expect(isStorableText('正常😀')).toBe(true);
    expect(isStorableText('a\ud800')).toBe(false);
    expect(isStorableText('\udfffy')).toBe(false);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(storableText('a\ud800b\u0000')).toBe('a\ufffdb');
  });

  it('refuses a lone half in an extra field and in a utm value with the field named', () => {
    const base = { name: '张三', phone: '13812345678', requirement: '报价' };
    const note = validateLead({ ...base, note: '\ud800x' }, { consentRequired: false });
    expect(note.ok ? [] : note.errors).toEqual([{ field: 'note', code: 'invalid_text' }]);
    const utm = validateLead({ ...base, utm_source: '\udfffy' }, { consentRequired: false });
    expect(utm.ok ? [] : utm.errors).toEqual([{ field: 'utm_source', code: 'invalid_text' }]);
  });

  it('never accepts a post holding text Postgres would refuse, in any field', () => {
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(FIELDS.map((f) => [f, hostile])) as Record<(typeof FIELDS)[number], fc.Arbitrary<string>>),
        hostile,
        fc.boolean(),
        (values, extraKey, withValidBase) => {
          const body: Record<string, unknown> = withValidBase
            ? { name: '张三', phone: '13812345678', requirement: '报价', ...pick(values), [extraKey]: values.note }
            : { ...values, [extraKey]: values.note };
          const result = validateLead(body, { consentRequired: false });
          if (result.ok) expect(everyString(result.value).every(isStorableText)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** Some fields of a generated post, so a valid base post is not always overwritten. */
function pick(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.length % 2 === 0));
}

describe('the worker re-check (phonePlans: false)', () => {
  it('still takes a phone a gateway accepted under older plan rules, and never unsafe text', () => {
    const body = { name: '张三', phone: '555-1234', requirement: '报价' };
    expect(validateLead(body, { consentRequired: false }).ok).toBe(false);
    expect(validateLead(body, { consentRequired: false, phonePlans: false }).ok).toBe(true);
    expect(validateLead({ ...body, phone: '555\u0000' }, { consentRequired: false, phonePlans: false }).ok).toBe(false);
  });
});
