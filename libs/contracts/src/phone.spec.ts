import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizePhone } from './phone';

/**
 * The verdict the mobile-first path must reproduce, straight from the full
 * metadata: valid, and for China a mobile or landline of at least 10 digits.
 */
function fullMetadataVerdict(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  if (parsed.countryCallingCode !== '86') return parsed.number;
  const type = parsed.getType();
  const callable = type === 'MOBILE' || type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE';
  return callable && parsed.nationalNumber.length >= 10 ? parsed.number : null;
}

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['139 2345 6789', '+8613923456789'],
    ['+86 138-1234-5678', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    ['021-5290 8189', '+862152908189'],
    ['(010) 6552 9988', '+861065529988'],
    ['010-6552 9988', '+861065529988'],
    ['0755-8888 8888', '+8675588888888'],
    ['0555-2345678', '+865552345678'],
    ['1065529988', '+861065529988'],
    ['+1 415 555 2671', '+14155552671'],
    ['+852 5123 4567', '+85251234567'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalizes %s to %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each(['12345678901', '138123456789', '1381234567', '10086', '021-123', '6552 9988', '+86 000 0000 0000', 'not a phone'])(
    'refuses %s',
    (raw) => {
      expect(normalizePhone(raw)).toBeNull();
    },
  );

  it.each([
    ['a local number without its area code', '555-1234'],
    ['the same after +86', '+86 555 1234'],
    ['an area code with a short number', '0555-1234'],
    ['an area service number', '010-12300'],
    ['a bank service number after an area code', '021-95588'],
    ['a carrier service number after an area code', '010-10086'],
    ['a 400 hotline', '400-800-1234'],
    ['an 800 toll-free number', '800-810-8888'],
  ])('refuses %s (%s): nobody to call back, though the plan calls it valid', (_label, raw) => {
    expect(normalizePhone(raw)).toBeNull();
    // The library alone takes it: the refusal is this rule's.
    expect(parsePhoneNumberFromString(raw, 'CN')?.isValid()).toBe(true);
  });

  it('gives the full metadata verdict for mobile, landline, short and foreign numbers alike', () => {
    const samples: string[] = [];
    for (let prefix = 100; prefix <= 199; prefix++) samples.push(`${prefix}12345678`, `${prefix}00000000`);
    for (const area of ['010', '020', '021', '0571', '0755', '0898', '0999']) samples.push(`${area}-6552998`, `${area}-65529988`);
    samples.push('4008001234', '400-800-1234', '95588', '+8613800138000', '+447911123456', '+61412345678', '+33612345678');
    const mismatches = samples.filter((raw) => normalizePhone(raw) !== fullMetadataVerdict(raw));
    expect(mismatches).toEqual([]);
    // The samples exercise both outcomes, so the comparison means something.
    expect(samples.filter((raw) => fullMetadataVerdict(raw) !== null).length).toBeGreaterThan(50);
    expect(samples.filter((raw) => fullMetadataVerdict(raw) === null).length).toBeGreaterThan(50);
  });
});

describe('normalizePhone first pass (bare mobile digits)', () => {
  it('agrees with the full metadata for every 6-digit prefix of an 11-digit number', () => {
    // Every prefix 100000-199999 with a suffix that changes from one prefix to the next.
    const mismatches: string[] = [];
    let seed = 12345;
    for (let prefix = 100000; prefix <= 199999; prefix++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const raw = `${prefix}${String(seed % 100000).padStart(5, '0')}`;
      if (normalizePhone(raw) !== fullMetadataVerdict(raw)) mismatches.push(raw);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(['8613812345678', '013812345678', '17951 13812345678', '11808123456', '12593138123'])(
    'leaves %s to the library (calling code, national prefix or carrier code)',
    (raw) => {
      expect(normalizePhone(raw)).toBe(fullMetadataVerdict(raw));
    },
  );
});
