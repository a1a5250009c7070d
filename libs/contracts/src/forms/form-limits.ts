/** Bounds of a form definition, so one form can never make a page, a snapshot or a lead unreasonably large. */
export const FORM_LIMITS = {
  fields: 40,
  options: 100,
  optionValue: 200,
  label: 200,
  name: 100,
  routingRules: 50,
  ruleValue: 200,
  addresses: 20,
  robots: 20,
  robotName: 64,
  team: 64,
  origins: 20,
  url: 2000,
  successMessage: 500,
  autoresponseText: 2000,
  slaMinutes: 10080,
  /** Default and ceiling of a text field's maxLength. */
  textDefault: 200,
  textareaDefault: 1000,
  maxLength: 5000,
} as const;

export const FORM_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
export const TEAM_NAME_MAX = FORM_LIMITS.team;
/** The form `POST /api/leads` is. */
export const DEFAULT_FORM_SLUG = 'default';
