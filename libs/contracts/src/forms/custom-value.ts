import type { FieldError } from '../lead.types';
import { codePointLength, isEmailAddress } from '../lead-fields';
import { normalizePhone } from '../phone';
import { FORM_LIMITS } from './form-limits';
import type { CustomField, CustomValue } from './form.types';

const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const YES = new Set(['true', 'on', '1', 'yes', 'y', 'checked']);

type Read = { value: CustomValue } | { error: FieldError } | null;

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.every((v) => v === ''));
}

/** A scalar as text; an array (a repeated urlencoded key) counts as its last value. */
function asText(raw: unknown): string | null {
  const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

function checkedText(f: CustomField, text: string, multiLine: boolean): Read {
  const max = Math.min(f.maxLength ?? (multiLine ? FORM_LIMITS.textareaDefault : FORM_LIMITS.textDefault), FORM_LIMITS.maxLength);
  if (LONE_SURROGATE.test(text)) return { error: { field: f.key, code: 'invalid_text' } };
  if (codePointLength(text) > max) return { error: { field: f.key, code: 'too_long', limit: max } };
  if ((multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(text))
    return { error: { field: f.key, code: 'control_chars' } };
  return { value: text };
}

function isOption(f: CustomField, v: unknown): v is string {
  return typeof v === 'string' && (f.options ?? []).some((o) => o.value === v.trim());
}

function readMultiselect(f: CustomField, raw: unknown): Read {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
  if (!values.every((v) => isOption(f, v))) return { error: { field: f.key, code: 'not_an_option' } };
  const chosen = [...new Set(values.map((v) => (v as string).trim()))];
  return chosen.length > 0 ? { value: chosen } : null;
}

function readNumber(f: CustomField, text: string): Read {
  if (!NUMBER_TEXT.test(text)) return { error: { field: f.key, code: 'invalid_number' } };
  const n = Number(text);
  if (!Number.isFinite(n)) return { error: { field: f.key, code: 'invalid_number' } };
  if (f.min !== undefined && n < f.min) return { error: { field: f.key, code: 'too_small', limit: f.min } };
  if (f.max !== undefined && n > f.max) return { error: { field: f.key, code: 'too_large', limit: f.max } };
  return { value: n };
}

function readDate(f: CustomField, text: string): Read {
  const m = DATE_TEXT.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) return { error: { field: f.key, code: 'invalid_date' } };
  return { value: text };
}

function readUrl(f: CustomField, text: string): Read {
  if (text.length > FORM_LIMITS.url) return { error: { field: f.key, code: 'too_long', limit: FORM_LIMITS.url } };
  try {
    const u = new URL(text);
    if (u.protocol === 'https:' || u.protocol === 'http:') return { value: u.toString() };
  } catch {
    // Falls through to the error.
  }
  return { error: { field: f.key, code: 'invalid_url' } };
}

function readTyped(f: CustomField, raw: unknown): Read {
  if (f.type === 'multiselect') return readMultiselect(f, raw);
  if (f.type === 'checkbox') return YES.has(asText(raw)?.toLowerCase() ?? '') ? { value: true } : null;
  const text = asText(raw);
  if (text === null) return { error: { field: f.key, code: 'not_string' } };
  if (text === '') return null;
  switch (f.type) {
    case 'text':
      return checkedText(f, text, false);
    case 'textarea':
      return checkedText(f, text.replace(/\r\n?/g, '\n'), true);
    case 'select':
      return isOption(f, text) ? { value: text } : { error: { field: f.key, code: 'not_an_option' } };
    case 'number':
      return readNumber(f, text);
    case 'date':
      return readDate(f, text);
    case 'email':
      return text.length <= 254 && isEmailAddress(text) ? { value: text } : { error: { field: f.key, code: 'invalid_email' } };
    case 'phone': {
      const phone = text.length <= 40 ? normalizePhone(text) : null;
      return phone ? { value: phone } : { error: { field: f.key, code: 'invalid_phone' } };
    }
    case 'url':
      return readUrl(f, text);
  }
}

/**
 * One custom field's answer, typed: the value, an error, or nothing (left
 * empty; an error when the field is required, an unticked required checkbox
 * included).
 */
export function readCustomValue(f: CustomField, raw: unknown): { value: CustomValue } | { error: FieldError } | null {
  const read = isBlank(raw) ? null : readTyped(f, raw);
  if (read === null && f.required) return { error: { field: f.key, code: 'required' } };
  return read;
}
