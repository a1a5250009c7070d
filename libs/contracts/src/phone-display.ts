import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as a person reads it, from the E.164 form we store:
 * a mainland number as dialled at home (mobiles 3-4-4, "139 2345 6789";
 * landlines with their area code, "021 5290 8189"), any other country in
 * its international format ("+1 213 373 4253"). Text that is not a valid
 * number comes back as it is (the view escapes it like any text).
 */
export function displayPhone(phone: string): string {
  const parsed = /^\+\d{4,17}$/.test(phone) ? parsePhoneNumberFromString(phone) : undefined;
  if (!parsed?.isValid()) return phone;
  return parsed.country === 'CN' ? parsed.formatNational() : parsed.formatInternational();
}
