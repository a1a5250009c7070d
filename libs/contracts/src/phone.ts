import { Metadata } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import maxMetadata from 'libphonenumber-js/max/metadata';

/** Mainland China: local mobiles and landlines work as typed; other countries need the + form. */
const DEFAULT_COUNTRY = 'CN';

/** The numbering-plan accessors the first pass reads (the library's typings declare only a few). */
interface NumberingPlan {
  selectNumberingPlan(country: string): void;
  countryCallingCode(): string;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  type(name: 'MOBILE'): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface MobileRule {
  /** "+86" */
  prefix: string;
  accepts(digits: string): boolean;
}

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/**
 * The full metadata's rules for a default-country mobile typed as bare
 * national digits, compiled once. Such a number is what the library keeps
 * as the national number, valid when it matches the country's national and
 * mobile patterns; anything the library would rewrite first (a calling code
 * without "+", a national prefix or carrier code) is not accepted here.
 */
function compileMobileRule(): MobileRule | null {
  const plan = new Metadata(maxMetadata) as unknown as NumberingPlan;
  plan.selectNumberingPlan(DEFAULT_COUNTRY);
  const mobile = plan.type('MOBILE');
  if (!mobile?.pattern()) return null;
  const callingCode = plan.countryCallingCode();
  const national = whole(plan.nationalNumberPattern());
  const mobilePattern = whole(mobile.pattern());
  const lengths = mobile.possibleLengths();
  const rewritten = plan.nationalPrefixForParsing();
  const rewrittenPrefix = rewritten ? new RegExp(`^(?:${rewritten})`) : null;
  return {
    prefix: `+${callingCode}`,
    accepts: (digits) =>
      !digits.startsWith(callingCode) &&
      !rewrittenPrefix?.test(digits) &&
      (lengths === undefined || lengths.includes(digits.length)) &&
      national.test(digits) &&
      mobilePattern.test(digits),
  };
}

const MOBILE_RULE = compileMobileRule();
const BARE_DIGITS = /^\d{7,17}$/;

/**
 * Normalizes a phone number to E.164 with libphonenumber-js and its full
 * metadata: local mobiles (13812345678) and landlines with area codes
 * (021-5290 8189) work as typed, other countries need the + form.
 *
 * Most leads type a mobile as 11 bare digits. The library rebuilds its
 * regular expressions and metadata objects on every call (several µs and
 * ~7 KB of garbage per number), so those are settled first with the same
 * metadata's patterns compiled once; a number the first pass does not accept
 * goes to the library, so the verdict is always the full metadata's.
 */
export function normalizePhone(raw: string): string | null {
  if (MOBILE_RULE && BARE_DIGITS.test(raw) && MOBILE_RULE.accepts(raw)) return MOBILE_RULE.prefix + raw;
  const parsed = parsePhoneNumberFromString(raw, DEFAULT_COUNTRY);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
