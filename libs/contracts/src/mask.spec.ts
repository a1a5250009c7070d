import { maskEmail, maskPhone } from './mask';

const digitsOf = (s: string) => s.replace(/\D/g, '');

describe('maskPhone', () => {
  it.each([
    ['+8613812345678', '+8613****78'],
    ['13812345678', '138****78'],
    ['+86 138 1234 5678', '+8613****78'],
    ['021-5290 8189', '021****89'],
    ['+14155552671', '+1415****71'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each(['+8613812345678', '13812345678', '+86 138 1234 5678', '021-5290 8189', '+442079460958', '12345', '123456', '1234'])(
    'never reveals the whole of %s, nor its digits',
    (phone) => {
      const masked = maskPhone(phone)!;
      expect(masked).not.toContain(phone);
      expect(digitsOf(masked)).not.toBe(digitsOf(phone));
      // The middle of the number (the part that identifies the subscriber) is gone.
      expect(masked).toContain('*');
    },
  );

  it('hides very short values entirely', () => {
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('12')).toBe('**');
  });

  it.each([null, undefined, ''])('returns null for %p', (v) => {
    expect(maskPhone(v)).toBeNull();
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhang.san@example.com', 'z***@example.com'],
    ['Li@youpower.com.cn', 'L***@youpower.com.cn'],
    // A quoted local part may hold an @: the domain is what follows the last one.
    ['a"b@c"@example.com', 'a***@example.com'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each(['zhang.san@example.com', 'a@b.cn', 'ab@b.cn', '张三@例子.中国'])('never contains the full address %s', (email) => {
    expect(maskEmail(email)).not.toContain(email);
  });

  it('keeps only the first character of the local part', () => {
    expect(maskEmail('zhang.san@example.com')).not.toContain('zh');
    expect(maskEmail('张三@例子.中国')).not.toContain('张三');
  });

  it.each(['not-an-email', '@example.com'])('gives a bare *** when there is no local part (%s)', (v) => {
    expect(maskEmail(v)).toBe('***');
  });

  it.each([null, undefined, ''])('returns null for %p', (v) => {
    expect(maskEmail(v)).toBeNull();
  });
});
