import { parsePhoneNumberFromString as parseAnyType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString as parseMobile } from 'libphonenumber-js/mobile';

/**
 * Normalizes a phone number to E.164. Mainland China is the default region,
 * so local mobiles (13812345678) and landlines with area codes
 * (021-5290 8189) work as typed; other countries need the + form.
 *
 * Most leads leave a mobile number. The mobile-only metadata (the full
 * metadata's mobile patterns) settles those without first testing them
 * against every fixed-line pattern, which halves the cost on the accept
 * path; anything it does not accept gets the full metadata, so the verdict
 * is always the full metadata's.
 */
export function normalizePhone(raw: string): string | null {
  const mobile = parseMobile(raw, 'CN');
  if (mobile?.isValid()) return mobile.number;
  const parsed = parseAnyType(raw, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
