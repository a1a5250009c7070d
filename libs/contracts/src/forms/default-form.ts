import { DEFAULT_FORM_SLUG } from './form-limits';
import type { FormDefinition } from './form.types';

/**
 * The `default` form as it was before forms existed: `POST /api/leads` and
 * `/`. The migration stores it as version 1; a gateway with no snapshot in
 * Redis serves this.
 */
export const DEFAULT_FORM: FormDefinition = {
  slug: DEFAULT_FORM_SLUG,
  name: '需求描述',
  status: 'active',
  language: 'zh',
  fields: [
    { key: 'name', required: true },
    { key: 'company' },
    { key: 'phone' },
    { key: 'email' },
    { key: 'requirement', required: true },
    { key: 'consent' },
  ],
  origins: [],
  redirect: null,
  successMessage: null,
  team: null,
  routing: [],
  mailTo: [],
  robots: [],
  slaMinutes: null,
  autoresponse: null,
  version: 1,
};
