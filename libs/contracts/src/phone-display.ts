import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { defaultCountryMobile } from './phone';

/**
 * A phone number as a person reads it, from the E.164 form we store:
 * a mainland number as dialled at home (mobiles 3-4-4, "139 2345 6789";
 * landlines with their area code, "021 5290 8189"), any other country in
 * its international format ("+1 213 373 4253"). Text that is not a valid
 * number comes back as it is (the view escapes it like any text).
 */
export function displayPhone(phone: string): string {
  // Most leads: a mainland mobile, grouped without the library (it rebuilds
  // its patterns per call, ~25 us a number; the spec checks every prefix).
  const mobile = defaultCountryMobile(phone);
  if (mobile?.length === 11) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  const parsed = /^\+\d{4,17}$/.test(phone) ? parsePhoneNumberFromString(phone) : undefined;
  if (!parsed?.isValid()) return phone;
  return parsed.country === 'CN' ? parsed.formatNational() : parsed.formatInternational();
}
