import { DefinitionReader, isRecord } from './definition-reader';
import { FORM_LIMITS } from './form-limits';
import { CUSTOM_FIELD_TYPES, CustomField, CustomFieldType, FieldOption } from './form.types';

const WITH_OPTIONS = new Set<CustomFieldType>(['select', 'multiselect']);
const WITH_LENGTH = new Set<CustomFieldType>(['text', 'textarea']);

function optionsFrom(r: DefinitionReader, raw: unknown, path: string): FieldOption[] {
  const options: FieldOption[] = [];
  r.list(raw, path, FORM_LIMITS.options).forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) return r.fail(at, 'invalid');
    const value = r.text(item.value, `${at}.value`, FORM_LIMITS.optionValue, true);
    const label = r.localText(item.label, `${at}.label`, FORM_LIMITS.label, true);
    if (value !== undefined && options.some((o) => o.value === value)) return r.fail(`${at}.value`, 'duplicate');
    if (value !== undefined && label) options.push({ value, label });
  });
  return options;
}

/** One custom field of a definition (its key already checked), or undefined with the reasons in `r`. */
export function customFieldFrom(
  r: DefinitionReader,
  item: Record<string, unknown>,
  key: string,
  path: string,
): CustomField | undefined {
  const type = item.type as CustomFieldType;
  if (!CUSTOM_FIELD_TYPES.includes(type)) return r.fail(`${path}.type`, 'invalid_type');
  const label = r.localText(item.label, `${path}.label`, FORM_LIMITS.label, true);
  const field: CustomField = { key, type, label: label ?? { zh: key, en: key } };
  const required = r.bool(item.required, `${path}.required`);
  if (required !== undefined) field.required = required;
  if (WITH_LENGTH.has(type)) {
    const maxLength = r.int(item.maxLength, `${path}.maxLength`, 1, FORM_LIMITS.maxLength);
    if (maxLength !== undefined) field.maxLength = maxLength;
  }
  if (type === 'number') {
    const min = r.number(item.min, `${path}.min`);
    const max = r.number(item.max, `${path}.max`);
    if (min !== undefined) field.min = min;
    if (max !== undefined) field.max = max;
    if (min !== undefined && max !== undefined && min > max) r.fail(`${path}.min`, 'min_above_max');
  }
  if (WITH_OPTIONS.has(type)) {
    const options = optionsFrom(r, item.options, `${path}.options`);
    if (options.length === 0 && !r.hasErrorUnder(`${path}.options`)) r.fail(`${path}.options`, 'options_required');
    field.options = options;
  }
  return field;
}
