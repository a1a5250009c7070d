import { codePointLength, validateLead, LeadValidation, LEAD_LIMITS } from './lead-fields';
import type { FieldError } from './lead.types';

const OPEN = { consentRequired: false };

/** The smallest post the contract accepts, so each test changes one thing. */
function post(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: '张三', phone: '13812345678', requirement: '需要一套储能方案', ...overrides };
}

function accepted(result: LeadValidation) {
  if (!result.ok) throw new Error(`expected the lead to be accepted, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function refused(result: LeadValidation): FieldError[] {
  if (result.ok) throw new Error(`expected the lead to be refused, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

const EMOJI = '😀'; // one code point, two UTF-16 units: catches .length based counting

describe('validateLead', () => {
  describe('a typical Chinese form post', () => {
    it('is accepted and normalized', () => {
      const value = accepted(
        validateLead(
          post({ company: '上海优能科技有限公司', email: 'Zhang.San@Example.COM', requirement: '  需要报价。\n预算 50 万。  ' }),
          OPEN,
        ),
      );
      expect(value).toEqual({
        name: '张三',
        phone: '+8613812345678',
        phoneRaw: '13812345678',
        // Only the domain is case-insensitive; the local part is kept as typed.
        email: 'Zhang.San@example.com',
        company: '上海优能科技有限公司',
        requirement: '需要报价。\n预算 50 万。',
        consent: false,
        utm: {},
        extras: {},
      });
    });

    it('trims ASCII and full-width (U+3000) spaces, as typed with a Chinese IME', () => {
      const value = accepted(validateLead(post({ name: '\u3000 李四 \u3000', company: '  优能  ' }), OPEN));
      expect(value.name).toBe('李四');
      expect(value.company).toBe('优能');
    });

    it('treats a blank optional field as absent', () => {
      expect(accepted(validateLead(post({ company: '   ' }), OPEN)).company).toBeNull();
    });
  });

  describe('name', () => {
    it('is required', () => {
      expect(refused(validateLead(post({ name: undefined }), OPEN))).toContainEqual({ field: 'name', code: 'required' });
      expect(refused(validateLead(post({ name: '  \t ' }), OPEN))).toContainEqual({ field: 'name', code: 'required' });
    });

    it('counts code points, not UTF-16 units: 50 emoji fit, 51 do not', () => {
      expect(accepted(validateLead(post({ name: EMOJI.repeat(50) }), OPEN)).name).toBe(EMOJI.repeat(50));
      expect(refused(validateLead(post({ name: EMOJI.repeat(51) }), OPEN))).toEqual([
        { field: 'name', code: 'too_long', limit: 50 },
      ]);
    });

    it('allows 50 Chinese characters and refuses 51', () => {
      expect(validateLead(post({ name: '张'.repeat(50) }), OPEN).ok).toBe(true);
      expect(refused(validateLead(post({ name: '张'.repeat(51) }), OPEN))).toEqual([
        { field: 'name', code: 'too_long', limit: 50 },
      ]);
    });

    it.each([
      ['CR/LF (header injection into the alert subject)', '张三\r\nBcc: victim@example.com'],
      ['a lone LF', '张\n三'],
      ['a tab', '张\t三'],
      ['NUL', '张\u0000三'],
      ['a C1 control', '张\u0085三'],
      ['U+2028 line separator', '张\u2028三'],
    ])('refuses %s inside the name', (_label, name) => {
      expect(refused(validateLead(post({ name }), OPEN))).toEqual([{ field: 'name', code: 'control_chars' }]);
    });

    it('reports an array or object as not_string, not as missing', () => {
      expect(refused(validateLead(post({ name: ['a', 'b'] }), OPEN))).toEqual([{ field: 'name', code: 'not_string' }]);
      expect(refused(validateLead(post({ name: { first: 'a' } }), OPEN))).toEqual([{ field: 'name', code: 'not_string' }]);
    });
  });

  describe('phone', () => {
    it.each([
      ['13812345678', '+8613812345678'],
      ['+86 138 1234 5678', '+8613812345678'],
      ['021-5290 8189', '+862152908189'],
      ['010 12345678', '+861012345678'],
      ['+1 415 555 2671', '+14155552671'],
      ['+44 20 7946 0958', '+442079460958'],
    ])('accepts %s as %s (E.164) and keeps the raw text', (raw, e164) => {
      const value = accepted(validateLead(post({ phone: raw }), OPEN));
      expect(value.phone).toBe(e164);
      expect(value.phoneRaw).toBe(raw);
    });

    it('accepts a JSON number (fetch clients often send one)', () => {
      expect(accepted(validateLead(post({ phone: 13812345678 }), OPEN)).phone).toBe('+8613812345678');
    });

    it.each(['12345', 'abc', '1381234567'])('refuses %s with invalid_phone', (phone) => {
      expect(refused(validateLead(post({ phone }), OPEN))).toEqual([{ field: 'phone', code: 'invalid_phone' }]);
    });

    it('does not also claim contact_required when the phone was given but invalid', () => {
      const errors = refused(validateLead(post({ phone: '12345' }), OPEN));
      expect(errors.map((e) => e.code)).not.toContain('contact_required');
    });

    it('refuses control characters in the phone', () => {
      expect(refused(validateLead(post({ phone: '138\r\n12345678' }), OPEN))).toEqual([
        { field: 'phone', code: 'control_chars' },
      ]);
    });
  });

  describe('email', () => {
    it.each(['a@b.cn', 'zhang.san+leads@sub.example.com.cn', '用户@例子.中国'])('accepts %s', (email) => {
      expect(accepted(validateLead(post({ phone: undefined, email }), OPEN)).email).toBe(email);
    });

    it.each(['zhangsan', 'zhangsan@', '@example.com', 'zhang san@example.com', 'a@localhost', 'a@b.c', 'a@b@c.com', '<a@b.cn>'])(
      'refuses %s with invalid_email',
      (email) => {
        expect(refused(validateLead(post({ email }), OPEN))).toEqual([{ field: 'email', code: 'invalid_email' }]);
      },
    );

    it('enforces the 254 limit', () => {
      const email = `${'a'.repeat(64)}@${'b'.repeat(186)}.com`; // 255 code points
      expect(refused(validateLead(post({ email }), OPEN))).toEqual([
        { field: 'email', code: 'too_long', limit: LEAD_LIMITS.email },
      ]);
    });
  });

  describe('contact', () => {
    it('needs a phone or an email, flagging both fields so the form can highlight them', () => {
      expect(refused(validateLead(post({ phone: undefined }), OPEN))).toEqual([
        { field: 'phone', code: 'contact_required' },
        { field: 'email', code: 'contact_required' },
      ]);
      expect(refused(validateLead(post({ phone: '  ', email: '' }), OPEN))).toEqual([
        { field: 'phone', code: 'contact_required' },
        { field: 'email', code: 'contact_required' },
      ]);
    });

    it('is satisfied by an email alone', () => {
      const value = accepted(validateLead(post({ phone: undefined, email: 'a@b.cn' }), OPEN));
      expect(value.phone).toBeNull();
      expect(value.phoneRaw).toBeNull();
    });
  });

  describe('company', () => {
    it('allows 100 code points and refuses 101', () => {
      expect(validateLead(post({ company: EMOJI.repeat(100) }), OPEN).ok).toBe(true);
      expect(refused(validateLead(post({ company: '公'.repeat(101) }), OPEN))).toEqual([
        { field: 'company', code: 'too_long', limit: 100 },
      ]);
    });

    it('refuses control characters, since it reaches the alert subject too', () => {
      expect(refused(validateLead(post({ company: 'ACME\r\nX-Evil: 1' }), OPEN))).toEqual([
        { field: 'company', code: 'control_chars' },
      ]);
    });
  });

  describe('requirement', () => {
    it('is required', () => {
      expect(refused(validateLead(post({ requirement: ' \n ' }), OPEN))).toEqual([{ field: 'requirement', code: 'required' }]);
    });

    it('keeps line breaks and tabs inside the text (it is a textarea), CRLF folded to LF', () => {
      const requirement = '第一行\r\n第二行\n\t- 缩进项';
      expect(accepted(validateLead(post({ requirement }), OPEN)).requirement).toBe('第一行\n第二行\n\t- 缩进项');
    });

    it('counts a browser line break (CRLF) as one character against the limit', () => {
      const requirement = 'a\r\n'.repeat(2500).trim();
      expect(codePointLength(requirement)).toBeGreaterThan(5000);
      expect(validateLead(post({ requirement }), OPEN).ok).toBe(true);
    });

    it('still refuses other control characters', () => {
      for (const requirement of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u000bb']) {
        expect(refused(validateLead(post({ requirement }), OPEN))).toEqual([{ field: 'requirement', code: 'control_chars' }]);
      }
    });

    it('allows 5000 code points and refuses 5001', () => {
      expect(validateLead(post({ requirement: '需'.repeat(5000) }), OPEN).ok).toBe(true);
      expect(validateLead(post({ requirement: EMOJI.repeat(5000) }), OPEN).ok).toBe(true);
      expect(refused(validateLead(post({ requirement: '需'.repeat(5001) }), OPEN))).toEqual([
        { field: 'requirement', code: 'too_long', limit: 5000 },
      ]);
    });
  });

  describe('utm fields', () => {
    it('are collected under utm, trimmed, and not duplicated as extras', () => {
      const value = accepted(
        validateLead(
          post({ utm_source: ' baidu ', utm_medium: 'cpc', utm_campaign: '储能', utm_term: '', utm_content: 'ad-1' }),
          OPEN,
        ),
      );
      expect(value.utm).toEqual({ utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: '储能', utm_content: 'ad-1' });
      expect(value.extras).toEqual({});
    });

    it('enforces the 200 limit', () => {
      expect(refused(validateLead(post({ utm_source: 'x'.repeat(201) }), OPEN))).toEqual([
        { field: 'utm_source', code: 'too_long', limit: 200 },
      ]);
    });

    it('keeps an unknown utm_* key as an extra', () => {
      expect(accepted(validateLead(post({ utm_id: '42' }), OPEN)).extras).toEqual({ utm_id: '42' });
    });
  });

  describe('extras', () => {
    it('keeps fields the contract does not name, as text', () => {
      const value = accepted(validateLead(post({ product: '光伏', quantity: 3, urgent: true, notes: 'a\nb' }), OPEN));
      expect(value.extras).toEqual({ product: '光伏', quantity: '3', urgent: 'true', notes: 'a\nb' });
    });

    it('never stores the reserved fields _gotcha and _next as extras', () => {
      const value = accepted(
        validateLead(post({ _gotcha: '', _next: 'https://www.youpower.com.cn/thanks', _token: 't', _lang: 'zh' }), OPEN),
      );
      expect(value.extras).toEqual({});
    });

    it('keeps at most 20', () => {
      const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`x${i}`, String(i)]));
      expect(Object.keys(accepted(validateLead(post(twenty), OPEN)).extras)).toHaveLength(20);
      expect(refused(validateLead(post({ ...twenty, x20: 'one too many' }), OPEN))).toEqual([
        { field: 'x20', code: 'too_many_fields', limit: 20 },
      ]);
    });

    it('limits each value to 1000 code points', () => {
      expect(validateLead(post({ notes: EMOJI.repeat(1000) }), OPEN).ok).toBe(true);
      expect(refused(validateLead(post({ notes: 'n'.repeat(1001) }), OPEN))).toEqual([
        { field: 'notes', code: 'too_long', limit: 1000 },
      ]);
    });

    it('refuses arrays and objects as not_string', () => {
      expect(refused(validateLead(post({ tags: ['a', 'b'], meta: { a: 1 } }), OPEN))).toEqual([
        { field: 'tags', code: 'not_string' },
        { field: 'meta', code: 'not_string' },
      ]);
    });

    it('refuses over-long keys', () => {
      expect(refused(validateLead(post({ ['k'.repeat(65)]: 'v' }), OPEN))).toEqual([
        { field: 'k'.repeat(64), code: 'too_long', limit: 64 },
      ]);
    });
  });

  describe('consent', () => {
    it.each([true, 'true', 'on', '1', 'yes', 'Y', ' agree ', 'checked'])('reads %p as consent', (consent) => {
      expect(accepted(validateLead(post({ consent }), OPEN)).consent).toBe(true);
    });

    it.each([false, 'false', 'off', '0', 'no', '', undefined, null, {}])('reads %p as no consent', (consent) => {
      expect(accepted(validateLead(post({ consent }), OPEN)).consent).toBe(false);
    });

    it('is only demanded when consentRequired is set', () => {
      const required = { consentRequired: true };
      expect(refused(validateLead(post(), required))).toEqual([{ field: 'consent', code: 'consent_required' }]);
      expect(refused(validateLead(post({ consent: 'off' }), required))).toEqual([{ field: 'consent', code: 'consent_required' }]);
      expect(accepted(validateLead(post({ consent: 'on' }), required)).consent).toBe(true);
    });
  });

  describe('the body itself', () => {
    it.each([
      ['an array', [{ name: '张三' }]],
      ['null', null],
      ['a string', 'name=张三'],
      ['a number', 42],
      ['undefined', undefined],
    ])('refuses %s with invalid_body', (_label, body) => {
      expect(validateLead(body, OPEN)).toEqual({ ok: false, errors: [{ field: '_body', code: 'invalid_body' }] });
    });

    it('reports every broken field at once, so the form can show them together', () => {
      const errors = refused(validateLead({ name: '', phone: 'abc', email: 'nope', requirement: '' }, OPEN));
      expect(errors).toEqual([
        { field: 'name', code: 'required' },
        { field: 'phone', code: 'invalid_phone' },
        { field: 'email', code: 'invalid_email' },
        { field: 'requirement', code: 'required' },
      ]);
    });
  });
});
