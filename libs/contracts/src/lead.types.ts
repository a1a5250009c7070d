/** A lead's fields after validation and normalization. */
export interface LeadFields {
  name: string;
  /** E.164, e.g. +8613812345678. */
  phone: string | null;
  /** The phone number exactly as the visitor typed it. */
  phoneRaw: string | null;
  email: string | null;
  company: string | null;
  requirement: string;
  consent: boolean;
  utm: Partial<Record<UtmKey, string>>;
  /** Fields the form sent that the contract does not name. */
  extras: Record<string, string>;
}

/** Where and how the lead arrived, recorded by the gateway. */
export interface LeadContext {
  receivedAt: string;
  ip: string | null;
  userAgent: string | null;
  page: string | null;
  /** Privacy policy version in force when consent was given. */
  privacyPolicyVersion: string | null;
  /** Set when a captcha was required but its provider could not be asked (CAPTCHA_FAIL_OPEN). */
  captcha?: 'unverified';
}

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  /** Limit that was broken, for messages such as "at most 50 characters". */
  limit?: number;
}

export type FieldErrorCode =
  | 'required'
  | 'not_string'
  | 'too_long'
  | 'control_chars'
  | 'invalid_text'
  | 'invalid_phone'
  | 'invalid_email'
  | 'contact_required'
  | 'too_many_fields'
  | 'consent_required'
  | 'invalid_body'
  | 'captcha_required'
  | 'captcha_invalid'
  // A form's custom fields.
  | 'not_an_option'
  | 'too_small'
  | 'too_large'
  | 'invalid_number'
  | 'invalid_date'
  | 'invalid_url';

export type Lang = 'zh' | 'en';
