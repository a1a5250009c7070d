import { normalizePhone } from './phone';
import { FieldError, LeadFields, UTM_KEYS, UtmKey } from './lead.types';

/** Field limits of the 需求描述 form, counted in Unicode code points. */
export const LEAD_LIMITS = {
  name: 50,
  company: 100,
  requirement: 5000,
  email: 254,
  phone: 40,
  utm: 200,
  extraCount: 20,
  extraKey: 64,
  extraValue: 1000,
} as const;

/** Fields with a meaning to the gateway that are never stored as extras. */
export const RESERVED_FIELDS = new Set(['_gotcha', '_next', '_token', '_lang', 'captcha']);
const KNOWN_FIELDS = new Set(['name', 'phone', 'email', 'company', 'requirement', 'consent', ...UTM_KEYS]);

// Single-line values must not carry control characters: they end up in
// email headers (subject) and CSV cells.
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;
// Multi-line text may keep tabs and line breaks, nothing else from C0/C1.
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A UTF-16 half with no partner (JSON "\ud800"): Postgres refuses it in
// jsonb and UTF-8 cannot carry it, so a lead holding one could never be
// stored. In `u` mode the class matches lone halves only, never a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Whether Postgres can store `s` as it is in `text` and `jsonb`: no lone surrogate, no NUL. */
export function isStorableText(s: string): boolean {
  return !LONE_SURROGATE.test(s) && !s.includes('\u0000');
}

/** `s` with each lone surrogate as U+FFFD and NUL removed: for showing or keeping text that failed the rules. */
export function storableText(s: string): string {
  return s.replace(/[\ud800-\udfff]/gu, '\ufffd').replace(/\u0000/g, '');
}
// Deliberately permissive: the mailbox decides what exists; this only
// rejects what cannot be an address at all.
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"_]+\.[^\s@<>()[\]\\,;:"_]{2,}$/u;

/** Whether `s` can be an email address at all (the lead contract's rule, for custom fields and recipients too). */
export function isEmailAddress(s: string): boolean {
  return EMAIL_PATTERN.test(s);
}
const CONSENT_YES = new Set(['true', 'on', '1', 'yes', 'y', 'agree', 'agreed', 'checked']);

export interface LeadRuleOptions {
  consentRequired: boolean;
  /**
   * Whether a phone must fit its numbering plan (default true). The worker
   * re-checks jobs with false: a job a gateway accepted under older, looser
   * phone rules must still be stored, not refused after its 202.
   */
  phonePlans?: boolean;
  /** A form that does not ask for (or require) the requirement text: missing, it is stored empty. */
  requirementOptional?: boolean;
}

export type LeadValidation = { ok: true; value: LeadFields } | { ok: false; errors: FieldError[] };

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Whether `s` has more than `max` code points. A UTF-16 string has between
 * length/2 and length code points, so only lengths in between are counted.
 */
function longerThan(s: string, max: number): boolean {
  if (s.length <= max) return false;
  if (s.length > 2 * max) return true;
  return codePointLength(s) > max;
}

function isRecord(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Reads a field as text: numbers are tolerated, objects and arrays are not. */
function readText(body: Record<string, unknown>, field: string, errors: FieldError[]): string | undefined {
  const raw = body[field];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return String(raw);
  errors.push({ field, code: 'not_string' });
  return undefined;
}

function checkLine(field: string, value: string, max: number, errors: FieldError[], multiLine = false): boolean {
  if (LONE_SURROGATE.test(value)) {
    errors.push({ field, code: 'invalid_text' });
    return false;
  }
  if (longerThan(value, max)) {
    errors.push({ field, code: 'too_long', limit: max });
    return false;
  }
  if ((multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value)) {
    errors.push({ field, code: 'control_chars' });
    return false;
  }
  return true;
}

function optionalLine(body: Record<string, unknown>, field: string, max: number, errors: FieldError[]): string | null {
  const text = readText(body, field, errors)?.trim();
  if (!text) return null;
  return checkLine(field, text, max, errors) ? text : null;
}

function readConsent(raw: unknown): boolean {
  if (raw === true || raw === 1) return true;
  if (typeof raw === 'string') return CONSENT_YES.has(raw.trim().toLowerCase());
  return false;
}

function readEmail(body: Record<string, unknown>, errors: FieldError[]): string | null {
  const email = optionalLine(body, 'email', LEAD_LIMITS.email, errors);
  if (email === null) return null;
  if (!EMAIL_PATTERN.test(email)) {
    errors.push({ field: 'email', code: 'invalid_email' });
    return null;
  }
  const at = email.lastIndexOf('@');
  return email.slice(0, at) + '@' + email.slice(at + 1).toLowerCase();
}

function readPhone(
  body: Record<string, unknown>,
  errors: FieldError[],
  plans: boolean,
): { phone: string | null; phoneRaw: string | null } {
  const raw = optionalLine(body, 'phone', LEAD_LIMITS.phone, errors);
  if (raw === null) return { phone: null, phoneRaw: null };
  const phone = normalizePhone(raw);
  if (phone === null && plans) errors.push({ field: 'phone', code: 'invalid_phone' });
  return { phone, phoneRaw: raw };
}

function readExtras(body: Record<string, unknown>, errors: FieldError[]): Record<string, string> {
  const extras: Record<string, string> = {};
  let count = 0;
  for (const key of Object.keys(body)) {
    if (KNOWN_FIELDS.has(key) || RESERVED_FIELDS.has(key)) continue;
    if (++count > LEAD_LIMITS.extraCount) {
      errors.push({ field: key, code: 'too_many_fields', limit: LEAD_LIMITS.extraCount });
      break;
    }
    if (LONE_SURROGATE.test(key)) {
      errors.push({ field: storableText(key.slice(0, LEAD_LIMITS.extraKey)), code: 'invalid_text' });
      continue;
    }
    if (longerThan(key, LEAD_LIMITS.extraKey) || SINGLE_LINE_FORBIDDEN.test(key)) {
      errors.push({ field: key.slice(0, LEAD_LIMITS.extraKey), code: 'too_long', limit: LEAD_LIMITS.extraKey });
      continue;
    }
    const value = readText(body, key, errors);
    if (value === undefined) continue;
    if (checkLine(key, value, LEAD_LIMITS.extraValue, errors, true)) extras[key] = value;
  }
  return extras;
}

/**
 * The field rules of the lead contract. Pure: the gateway runs it on every
 * post and the worker runs it again on every job, so a payload that skipped
 * the gateway can never reach Postgres or an email.
 */
export function validateLead(body: unknown, options: LeadRuleOptions): LeadValidation {
  if (!isRecord(body)) return { ok: false, errors: [{ field: '_body', code: 'invalid_body' }] };
  const errors: FieldError[] = [];

  const name = readText(body, 'name', errors)?.trim();
  if (!name) {
    if (!errors.some((e) => e.field === 'name')) errors.push({ field: 'name', code: 'required' });
  } else checkLine('name', name, LEAD_LIMITS.name, errors);

  const { phone, phoneRaw } = readPhone(body, errors, options.phonePlans ?? true);
  const email = readEmail(body, errors);
  const contactGiven = phoneRaw !== null || email !== null;
  if (!contactGiven && !errors.some((e) => e.field === 'phone' || e.field === 'email')) {
    errors.push({ field: 'phone', code: 'contact_required' }, { field: 'email', code: 'contact_required' });
  }

  const company = optionalLine(body, 'company', LEAD_LIMITS.company, errors);

  // Browsers send textarea line breaks as CRLF: count them as one character.
  const requirement = readText(body, 'requirement', errors)?.replace(/\r\n?/g, '\n').trim();
  if (!requirement) {
    const missing = !options.requirementOptional && !errors.some((e) => e.field === 'requirement');
    if (missing) errors.push({ field: 'requirement', code: 'required' });
  } else checkLine('requirement', requirement, LEAD_LIMITS.requirement, errors, true);

  const consent = readConsent(body.consent);
  if (options.consentRequired && !consent) errors.push({ field: 'consent', code: 'consent_required' });

  const utm: Partial<Record<UtmKey, string>> = {};
  for (const key of UTM_KEYS) {
    const value = optionalLine(body, key, LEAD_LIMITS.utm, errors);
    if (value !== null) utm[key] = value;
  }
  const extras = readExtras(body, errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name: name!, phone, phoneRaw, email, company, requirement: requirement ?? '', consent, utm, extras },
  };
}
