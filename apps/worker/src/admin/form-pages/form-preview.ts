import { join } from 'node:path';
import { FORM_SLUG_PATTERN, parseFormInput, t, type FormInputResult, type Lang } from '@app/contracts';
import { renderHostedForm, Views } from '@app/views';
import { ASSETS_PATH, builtAssetVersion } from '../shell/page-shell';

const views = new Views(join(__dirname, 'views'));

/** A preview has no visitor to time: any token does, and none is ever checked. */
const PREVIEW_TOKEN = 'preview';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What the preview draws from the editor's unsaved definition: its
 * questions, as the API would take them (a bad question is refused by its
 * JSON path, `fields[2].options`). Where its leads go, its origins and the
 * rest do not change the page and are not read; a form still without a slug
 * or a name (a new one) is drawn under placeholders.
 */
export function previewInput(body: unknown, lang: Lang): FormInputResult {
  const b = isRecord(body) ? body : {};
  const slug = typeof b.slug === 'string' && FORM_SLUG_PATTERN.test(b.slug) ? b.slug : 'preview';
  const name = typeof b.name === 'string' && b.name.trim() !== '' ? b.name : t(lang, 'formsAdmin.new');
  return parseFormInput({ slug, name, language: b.language, fields: b.fields });
}

/**
 * The form as a visitor sees it at GET /f/:slug, drawn by the gateway's own
 * renderer (@app/views) in `lang`, as one document for a sandboxed iframe:
 * the form's stylesheet (served here too), no script. The gateway's
 * defaults stand in for what only it knows: consent asked for
 * (CONSENT_REQUIRED), the default privacy page, no company name.
 */
export function renderFormPreview(result: Extract<FormInputResult, { ok: true }>, lang: Lang): string {
  const form = renderHostedForm({
    form: { ...result.value, version: 0 },
    lang,
    token: PREVIEW_TOKEN,
    privacyPolicyUrl: '/privacy',
    companyName: '',
    consentRequired: true,
  });
  const version = builtAssetVersion();
  return views.render('form-preview', {
    ...form,
    stylesheet: `${ASSETS_PATH}form.css${version ? `?v=${version}` : ''}`,
  });
}
