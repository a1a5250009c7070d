import type { FieldError, Lang, LeadFields } from '../lead.types';
import { validateLead } from '../lead-fields';
import type { LabelLookup } from '../lead-messages';
import { readCustomValue } from './custom-value';
import { CustomField, CustomValues, FormDefinition, isCustomField } from './form.types';

export type FormPostResult = { ok: true; fields: LeadFields; custom: CustomValues } | { ok: false; errors: FieldError[] };

/** A form's definition with its post rules worked out once per version (the gateway compiles each version once). */
export interface CompiledForm {
  definition: FormDefinition;
  validate(body: unknown): FormPostResult;
  /** The form's own labels, for its error messages. */
  labels: LabelLookup;
}

/** Built-ins required unless the form says otherwise: today's contract (name and the requirement text). */
const REQUIRED_BY_DEFAULT = new Set(['name', 'requirement']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The post rules of one form: the lead contract's for the built-ins (so the
 * default form is exactly `POST /api/leads`), with the form's required
 * built-ins, plus each custom field's typed rule. Undeclared fields stay
 * extras within the contract's limits.
 */
export function compileForm(definition: FormDefinition, options: { consentRequired: boolean }): CompiledForm {
  const custom: CustomField[] = definition.fields.filter(isCustomField);
  const customKeys = new Set(custom.map((f) => f.key));
  const required = new Set(
    definition.fields.filter((f) => !isCustomField(f) && (f.required ?? REQUIRED_BY_DEFAULT.has(f.key))).map((f) => f.key),
  );
  const requirementOptional = !required.has('requirement');
  const labelsByKey = new Map(definition.fields.filter((f) => f.label).map((f) => [f.key, f.label!]));
  const labels: LabelLookup = (field: string, lang: Lang) => labelsByKey.get(field)?.[lang];

  const validate = (body: unknown): FormPostResult => {
    if (!isRecord(body)) return { ok: false, errors: [{ field: '_body', code: 'invalid_body' }] };
    const builtins: Record<string, unknown> = {};
    for (const key of Object.keys(body)) if (!customKeys.has(key)) builtins[key] = body[key];
    const lead = validateLead(builtins, { consentRequired: options.consentRequired, requirementOptional });
    const errors: FieldError[] = lead.ok ? [] : [...lead.errors];
    if (lead.ok) {
      const f = lead.value;
      const given: Record<string, boolean> = { phone: f.phoneRaw !== null, email: f.email !== null, company: f.company !== null };
      for (const key of ['phone', 'email', 'company'])
        if (required.has(key) && !given[key]) errors.push({ field: key, code: 'required' });
      if (required.has('consent') && !f.consent && !options.consentRequired)
        errors.push({ field: 'consent', code: 'consent_required' });
    }
    const values: CustomValues = {};
    for (const field of custom) {
      const read = readCustomValue(field, body[field.key]);
      if (read === null) continue;
      if ('error' in read) errors.push(read.error);
      else values[field.key] = read.value;
    }
    if (errors.length > 0 || !lead.ok) return { ok: false, errors };
    return { ok: true, fields: lead.value, custom: values };
  };
  return { definition, validate, labels };
}
