import type { Lang } from '../lead.types';
import { isEmailAddress } from '../lead-fields';
import { UTM_KEYS } from '../lead.types';
import { DefinitionReader, isRecord } from './definition-reader';
import { customFieldFrom } from './custom-field-definition';
import { FIELD_KEY_PATTERN, FORM_LIMITS, FORM_SLUG_PATTERN } from './form-limits';
import { BuiltinField, FormDefinitionError, FormField, FormInput, FormStatus, isBuiltinKey, RoutingRule } from './form.types';

export type FormInputResult = { ok: true; value: FormInput } | { ok: false; errors: FormDefinitionError[] };

const RESERVED_KEYS = new Set<string>([...UTM_KEYS]);
const STATUSES: FormStatus[] = ['active', 'paused'];
const LANGS: Lang[] = ['zh', 'en'];

function originProblem(s: string): 'invalid_origin' | null {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s ? null : 'invalid_origin';
  } catch {
    return 'invalid_origin';
  }
}

function urlProblem(s: string): 'invalid_url' | null {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'invalid_url';
  } catch {
    return 'invalid_url';
  }
}

const emailProblem = (s: string) => (isEmailAddress(s) ? null : 'invalid_email');
const nameProblem = (s: string) => (s.includes(',') || s.includes('=') ? 'invalid' : null);

function fieldsFrom(r: DefinitionReader, raw: unknown): FormField[] {
  const fields: FormField[] = [];
  const seen = new Set<string>();
  r.list(raw, 'fields', FORM_LIMITS.fields).forEach((item, i) => {
    const path = `fields[${i}]`;
    if (!isRecord(item)) return r.fail(path, 'invalid');
    const key = item.key;
    if (typeof key !== 'string' || !FIELD_KEY_PATTERN.test(key)) return r.fail(`${path}.key`, 'invalid_key');
    if (RESERVED_KEYS.has(key)) return r.fail(`${path}.key`, 'reserved_key');
    if (seen.has(key)) return r.fail(`${path}.key`, 'duplicate');
    seen.add(key);
    if (isBuiltinKey(key)) {
      const field: BuiltinField = { key };
      const label = r.localText(item.label, `${path}.label`, FORM_LIMITS.label, false);
      const required = r.bool(item.required, `${path}.required`);
      if (label) field.label = label;
      if (required !== undefined) field.required = required;
      if (key === 'name' && required === false) r.fail(`${path}.required`, 'builtin_required');
      fields.push(field);
      return;
    }
    const field = customFieldFrom(r, item, key, path);
    if (field) fields.push(field);
  });
  if (!Array.isArray(raw) || raw.length === 0) r.fail('fields', 'required');
  else if (!r.hasErrorUnder('fields')) {
    if (!seen.has('name')) r.fail('fields', 'builtin_required');
    if (!seen.has('phone') && !seen.has('email')) r.fail('fields', 'contact_field_required');
  }
  return fields;
}

function routingFrom(r: DefinitionReader, raw: unknown, keys: Set<string>): RoutingRule[] {
  const rules: RoutingRule[] = [];
  r.list(raw, 'routing', FORM_LIMITS.routingRules).forEach((item, i) => {
    const path = `routing[${i}]`;
    if (!isRecord(item)) return r.fail(path, 'invalid');
    const field = r.text(item.field, `${path}.field`, 32, true);
    if (field !== undefined && !keys.has(field)) r.fail(`${path}.field`, 'unknown_field');
    const equals = r.text(item.equals, `${path}.equals`, FORM_LIMITS.ruleValue);
    const contains = r.text(item.contains, `${path}.contains`, FORM_LIMITS.ruleValue);
    if ((equals === undefined) === (contains === undefined) && !r.hasErrorUnder(path)) r.fail(path, 'rule_needs_one_match');
    const rule: RoutingRule = { field: field ?? '' };
    if (equals !== undefined) rule.equals = equals;
    if (contains !== undefined) rule.contains = contains;
    const team = r.text(item.team, `${path}.team`, FORM_LIMITS.team);
    if (team !== undefined) rule.team = team;
    if (item.mailTo !== undefined)
      rule.mailTo = r.strings(item.mailTo, `${path}.mailTo`, FORM_LIMITS.addresses, 254, emailProblem);
    if (item.robots !== undefined) {
      rule.robots = r.strings(item.robots, `${path}.robots`, FORM_LIMITS.robots, FORM_LIMITS.robotName, nameProblem);
    }
    rules.push(rule);
  });
  return rules;
}

/**
 * Reads a form definition an admin sent (the whole JSON; a PATCH is merged
 * onto the stored form first). Pure, so the board, the API and a unit spec
 * agree on what a valid form is; every problem is reported by its JSON path.
 */
export function parseFormInput(raw: unknown): FormInputResult {
  const r = new DefinitionReader();
  if (!isRecord(raw)) return { ok: false, errors: [{ field: '_body', code: 'invalid' }] };
  const slug = typeof raw.slug === 'string' && FORM_SLUG_PATTERN.test(raw.slug) ? raw.slug : r.fail('slug', 'invalid_slug');
  const name = r.text(raw.name, 'name', FORM_LIMITS.name, true);
  const status = raw.status ?? 'active';
  if (!STATUSES.includes(status as FormStatus)) r.fail('status', 'invalid');
  const language = raw.language ?? 'zh';
  if (!LANGS.includes(language as Lang)) r.fail('language', 'invalid');
  const fields = fieldsFrom(r, raw.fields);
  const origins = r.strings(raw.origins, 'origins', FORM_LIMITS.origins, FORM_LIMITS.url, originProblem);
  const redirect = r.text(raw.redirect, 'redirect', FORM_LIMITS.url);
  if (redirect !== undefined && urlProblem(redirect)) r.fail('redirect', 'invalid_url');
  const successMessage = r.localText(raw.successMessage, 'successMessage', FORM_LIMITS.successMessage, false);
  const team = r.text(raw.team, 'team', FORM_LIMITS.team);
  const routing = routingFrom(r, raw.routing, new Set(fields.map((f) => f.key)));
  const mailTo = r.strings(raw.mailTo, 'mailTo', FORM_LIMITS.addresses, 254, emailProblem);
  const robots = r.strings(raw.robots, 'robots', FORM_LIMITS.robots, FORM_LIMITS.robotName, nameProblem);
  const slaMinutes = r.int(raw.slaMinutes, 'slaMinutes', 1, FORM_LIMITS.slaMinutes);
  let autoresponse: FormInput['autoresponse'] = null;
  if (raw.autoresponse !== undefined && raw.autoresponse !== null) {
    if (!isRecord(raw.autoresponse)) r.fail('autoresponse', 'invalid');
    else {
      const enabled = r.bool(raw.autoresponse.enabled, 'autoresponse.enabled') ?? false;
      const text = r.localText(raw.autoresponse.text, 'autoresponse.text', FORM_LIMITS.autoresponseText, false);
      autoresponse = { enabled, text: text ?? null };
    }
  }
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: {
      slug: slug!,
      name: name!,
      status: status as FormStatus,
      language: language as Lang,
      fields,
      origins,
      redirect: redirect ?? null,
      successMessage: successMessage ?? null,
      team: team ?? null,
      routing,
      mailTo,
      robots,
      slaMinutes: slaMinutes ?? null,
      autoresponse,
    },
  };
}

/** A PATCH body merged onto the stored form: the slug never changes, absent keys keep their value. */
export function mergeFormPatch(current: FormInput, patch: unknown): FormInputResult {
  if (!isRecord(patch)) return { ok: false, errors: [{ field: '_body', code: 'invalid' }] };
  if (patch.slug !== undefined && patch.slug !== current.slug) return { ok: false, errors: [{ field: 'slug', code: 'invalid' }] };
  return parseFormInput({ ...current, ...patch, slug: current.slug });
}
