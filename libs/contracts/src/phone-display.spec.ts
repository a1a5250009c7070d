import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { displayPhone } from './phone-display';

/** What the library alone shows for a number (the rule displayPhone had before its mobile shortcut). */
function libraryDisplay(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed?.isValid()) return phone;
  return parsed.country === 'CN' ? parsed.formatNational() : parsed.formatInternational();
}

describe('displayPhone', () => {
  it.each([
    ['a mainland mobile, 3-4-4', '+8613923456789', '139 2345 6789'],
    ['a Shanghai landline with its area code', '+862152908189', '021 5290 8189'],
    ['a Hangzhou landline (three-digit area code)', '+8657187654321', '0571 8765 4321'],
    ['a Beijing landline', '+861065529988', '010 6552 9988'],
    ['a 400 number', '+864001234567', '400 123 4567'],
    ['a US number, internationally', '+12133734253', '+1 213 373 4253'],
    ['a London number', '+442079460958', '+44 20 7946 0958'],
    ['a Hong Kong mobile', '+85291234567', '+852 9123 4567'],
  ])('groups %s', (_label, e164, shown) => {
    expect(displayPhone(e164)).toBe(shown);
  });

  it.each([
    ['not a number', '请回电'],
    ['markup', '<script>alert(1)</script>'],
    ['an invalid mainland number', '+86101234567'],
    ['national digits (not E.164)', '13923456789'],
    ['empty', ''],
  ])('leaves %s as it is', (_label, text) => {
    expect(displayPhone(text)).toBe(text);
  });

  it('shows every 5-digit mainland prefix of an 11-digit number as the library does', () => {
    // (Which numbers are mobiles at all is checked prefix by prefix in phone.spec.ts.)
    const mismatches: string[] = [];
    let seed = 54321;
    for (let prefix = 10000; prefix <= 19999; prefix++) {
      for (let k = 0; k < 2; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const e164 = `+86${prefix}${String(seed % 1000000).padStart(6, '0')}`;
        if (displayPhone(e164) !== libraryDisplay(e164)) mismatches.push(e164);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
