import type { FormDefinition, FormField, Lang, LocalText } from '@app/contracts';

/** What anyone may read about an active form: its questions and texts, never mailTo, robots, routing or team. */
export interface PublicForm {
  slug: string;
  name: string;
  language: Lang;
  version: number;
  fields: FormField[];
  successMessage: LocalText | null;
  consentRequired: boolean;
  endpoint: string;
}

export function publicForm(form: FormDefinition, consentRequired: boolean): PublicForm {
  return {
    slug: form.slug,
    name: form.name,
    language: form.language,
    version: form.version,
    fields: form.fields,
    successMessage: form.successMessage,
    consentRequired,
    endpoint: `/api/forms/${encodeURIComponent(form.slug)}/leads`,
  };
}
