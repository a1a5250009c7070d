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
 * The national digits of an E.164 number that is a default-country mobile
 * by the rule above, or null (anything else: ask the library).
 */
export function defaultCountryMobile(e164: string): string | null {
  if (!MOBILE_RULE || !e164.startsWith(MOBILE_RULE.prefix)) return null;
  const digits = e164.slice(MOBILE_RULE.prefix.length);
  return BARE_DIGITS.test(digits) && MOBILE_RULE.accepts(digits) ? digits : null;
}

const CHINA_CALLING_CODE = '86';
/** What a salesperson in China can call back: a mobile or a landline (the plan calls both FIXED_LINE). */
const CALLABLE_IN_CHINA = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);
/** A mobile's 11 digits, or an area code with its local number (2 + 8, 3 + 7 or 3 + 8 digits). */
const MIN_CHINESE_DIGITS = 10;

/**
 * Whether a Chinese number reaches a person from anywhere in China. The
 * plan also counts as valid a local number without its area code
 * ("555-1234" reads as area 555 with the short number 1234) and an area's
 * short service numbers (010-12300, 021-95588): all shorter than any
 * subscriber's full number. 400/800 hotlines and other service numbers are
 * not a person's either.
 */
function callableInChina(nationalNumber: string, type: string | undefined): boolean {
  return nationalNumber.length >= MIN_CHINESE_DIGITS && type !== undefined && CALLABLE_IN_CHINA.has(type);
}

/**
 * Normalizes a phone number to E.164 with libphonenumber-js and its full
 * metadata: local mobiles (13812345678) and landlines with area codes
 * (021-5290 8189) work as typed, other countries need the + form and are
 * judged by their own plan. A Chinese number must also be a mobile or a
 * landline with its area code (see callableInChina).
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
  if (parsed.countryCallingCode === CHINA_CALLING_CODE && !callableInChina(parsed.nationalNumber, parsed.getType())) {
    return null;
  }
  return parsed.number;
}
