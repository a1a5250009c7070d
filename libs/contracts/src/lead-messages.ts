import { MESSAGES, MessageKey, t } from './i18n';
import { FieldError, Lang } from './lead.types';

/** A form's own label for a field, when it has one (custom fields, relabelled built-ins). */
export type LabelLookup = (field: string, lang: Lang) => string | undefined;

/** The field's label in the form or the catalog, or its raw name for an extra field. */
export function fieldLabel(field: string, lang: Lang, labels?: LabelLookup): string {
  const own = labels?.(field, lang);
  if (own !== undefined) return own;
  const key = `validation.field.${field}`;
  return Object.hasOwn(MESSAGES[lang], key) ? t(lang, key as MessageKey) : field;
}

export function fieldMessage(error: FieldError, lang: Lang, labels?: LabelLookup): string {
  const params: Record<string, string | number> = { label: fieldLabel(error.field, lang, labels) };
  if (error.limit !== undefined) params.limit = error.limit;
  return t(lang, `validation.${error.code}`, params);
}

export interface PublicFieldError {
  field: string;
  code: FieldError['code'];
  message: string;
}

export function localizeErrors(errors: FieldError[], lang: Lang, labels?: LabelLookup): PublicFieldError[] {
  return errors.map((e) => ({ field: e.field, code: e.code, message: fieldMessage(e, lang, labels) }));
}
