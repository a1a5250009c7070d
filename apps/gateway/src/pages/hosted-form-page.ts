import { renderHostedForm, type HostedFormModel } from '@app/views';
import { pageViews } from './page-views';

export { hostedValuesFrom, type HostedFormModel } from '@app/views';

/**
 * GET /f/:slug: a form's own page. The form itself is the shared renderer's
 * (@app/views, which the Forms editor's preview on the worker uses too); the
 * gateway puts it in its page layout with /assets/form.css and /assets/form.js.
 */
export function renderHostedFormPage(model: HostedFormModel): string {
  return pageViews.render('hosted-form-page', renderHostedForm(model));
}
