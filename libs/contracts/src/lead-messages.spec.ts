import { fieldLabel, fieldMessage, localizeErrors } from './lead-messages';
import type { FieldError, FieldErrorCode, Lang } from './lead.types';

// One realistic error per code, with the limit validateLead attaches where it
// has one. The Record type makes tsc flag a new code that has no case here.
const SAMPLE: Record<FieldErrorCode, FieldError> = {
  required: { field: 'name', code: 'required' },
  not_string: { field: 'company', code: 'not_string' },
  too_long: { field: 'requirement', code: 'too_long', limit: 5000 },
  control_chars: { field: 'name', code: 'control_chars' },
  invalid_phone: { field: 'phone', code: 'invalid_phone' },
  invalid_email: { field: 'email', code: 'invalid_email' },
  contact_required: { field: 'phone', code: 'contact_required' },
  too_many_fields: { field: 'x20', code: 'too_many_fields', limit: 20 },
  consent_required: { field: 'consent', code: 'consent_required' },
  invalid_body: { field: '_body', code: 'invalid_body' },
  invalid_text: { field: 'name', code: 'invalid_text' },
  not_an_option: { field: 'product', code: 'not_an_option' },
  too_small: { field: 'quantity', code: 'too_small', limit: 1 },
  too_large: { field: 'quantity', code: 'too_large', limit: 1000 },
  invalid_number: { field: 'quantity', code: 'invalid_number' },
  invalid_date: { field: 'delivery', code: 'invalid_date' },
  invalid_url: { field: 'website', code: 'invalid_url' },
  captcha_required: { field: 'captcha', code: 'captcha_required' },
  captcha_invalid: { field: 'captcha', code: 'captcha_invalid' },
};
const CODES = Object.keys(SAMPLE) as FieldErrorCode[];
const LANGS: Lang[] = ['zh', 'en'];
const HAN = /\p{Script=Han}/u;

describe('fieldMessage', () => {
  describe.each(LANGS)('%s', (lang) => {
    it.each(CODES)('has a message for %s', (code) => {
      const message = fieldMessage(SAMPLE[code], lang);
      expect(message.trim().length).toBeGreaterThan(0);
      // A missing label or limit would surface as literal "undefined" to the visitor.
      expect(message).not.toMatch(/undefined|NaN|null/);
    });
  });

  it.each(CODES)('writes %s in Chinese for zh and without Chinese for en', (code) => {
    expect(fieldMessage(SAMPLE[code], 'zh')).toMatch(HAN);
    expect(fieldMessage(SAMPLE[code], 'en')).not.toMatch(HAN);
  });

  it('names the field and the limit', () => {
    expect(fieldMessage({ field: 'name', code: 'too_long', limit: 50 }, 'zh')).toBe('姓名不能超过 50 个字符');
    expect(fieldMessage({ field: 'name', code: 'too_long', limit: 50 }, 'en')).toBe('Name must be at most 50 characters');
    expect(fieldMessage({ field: 'requirement', code: 'required' }, 'zh')).toBe('请填写需求描述');
    expect(fieldMessage({ field: 'requirement', code: 'required' }, 'en')).toBe('Requirement is required');
  });

  it('falls back to the raw field name for extras', () => {
    expect(fieldLabel('budget', 'zh')).toBe('budget');
    expect(fieldMessage({ field: 'budget', code: 'too_long', limit: 1000 }, 'en')).toBe('budget must be at most 1000 characters');
  });
});

describe('localizeErrors', () => {
  it('keeps field and code and adds the message, in order', () => {
    const errors: FieldError[] = [SAMPLE.required, SAMPLE.invalid_phone];
    expect(localizeErrors(errors, 'zh')).toEqual([
      { field: 'name', code: 'required', message: '请填写姓名' },
      { field: 'phone', code: 'invalid_phone', message: fieldMessage(SAMPLE.invalid_phone, 'zh') },
    ]);
  });

  it('returns an empty list for no errors', () => {
    expect(localizeErrors([], 'en')).toEqual([]);
  });
});
