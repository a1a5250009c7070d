import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalizes a phone number to E.164. Mainland China is the default region,
 * so local mobiles (13812345678) and landlines with area codes
 * (021-5290 8189) work as typed; other countries need the + form.
 */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
