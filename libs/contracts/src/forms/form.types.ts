import type { Lang } from '../lead.types';

/** A text in both catalog languages (labels, messages). */
export type LocalText = Record<Lang, string>;

export const CUSTOM_FIELD_TYPES = [
  'text',
  'textarea',
  'select',
  'multiselect',
  'checkbox',
  'number',
  'date',
  'email',
  'phone',
  'url',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** The fields every lead has (columns of `leads`); a form may relabel, reorder, leave out or require them. */
export const BUILTIN_FIELDS = ['name', 'phone', 'email', 'company', 'requirement', 'consent'] as const;
export type BuiltinKey = (typeof BUILTIN_FIELDS)[number];

export interface FieldOption {
  value: string;
  label: LocalText;
}

/** A built-in field in a form: where it shows, its label and whether it is required. */
export interface BuiltinField {
  key: BuiltinKey;
  label?: LocalText;
  required?: boolean;
}

/** A question of the form's own; its answer is kept typed in the lead's `custom` values. */
export interface CustomField {
  key: string;
  type: CustomFieldType;
  label: LocalText;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  options?: FieldOption[];
}

export type FormField = BuiltinField | CustomField;

export function isBuiltinKey(key: string): key is BuiltinKey {
  return (BUILTIN_FIELDS as readonly string[]).includes(key);
}

export function isCustomField(field: FormField): field is CustomField {
  return !isBuiltinKey(field.key);
}

/** First match wins: a lead whose `field` equals (or contains) the value goes to the rule's team, recipients and robots. */
export interface RoutingRule {
  field: string;
  equals?: string;
  contains?: string;
  team?: string;
  mailTo?: string[];
  robots?: string[];
}

export interface Autoresponse {
  enabled: boolean;
  text: LocalText | null;
}

export type FormStatus = 'active' | 'paused';

/** What an admin writes: everything about a form but its version. */
export interface FormInput {
  slug: string;
  name: string;
  status: FormStatus;
  language: Lang;
  fields: FormField[];
  /** Origins allowed to post and to be `_next`; empty: CORS_ORIGINS. */
  origins: string[];
  /** Where a browser goes after a post; null: `_next` or the thank-you page. */
  redirect: string | null;
  successMessage: LocalText | null;
  /** Owner pool; null: everyone. */
  team: string | null;
  routing: RoutingRule[];
  /** Alert recipients; empty: MAIL_TO. */
  mailTo: string[];
  /** Robot names; empty: every robot. */
  robots: string[];
  /** null: FOLLOW_UP_SLA_MINUTES. */
  slaMinutes: number | null;
  autoresponse: Autoresponse | null;
}

/** A stored form: each change makes a new version (form_versions keeps every one). */
export interface FormDefinition extends FormInput {
  version: number;
}

/** Typed answers to a form's custom fields, by key. */
export type CustomValue = string | number | boolean | string[];
export type CustomValues = Record<string, CustomValue>;

/** A definition problem, by its JSON path (e.g. `fields[2].options[0].value`). */
export interface FormDefinitionError {
  field: string;
  code: FormDefinitionErrorCode;
  limit?: number;
}

export type FormDefinitionErrorCode =
  | 'required'
  | 'invalid'
  | 'too_long'
  | 'too_many'
  | 'duplicate'
  | 'invalid_slug'
  | 'invalid_key'
  | 'reserved_key'
  | 'invalid_type'
  | 'builtin_required'
  | 'contact_field_required'
  | 'options_required'
  | 'min_above_max'
  | 'unknown_field'
  | 'invalid_email'
  | 'invalid_origin'
  | 'invalid_url'
  | 'rule_needs_one_match';
