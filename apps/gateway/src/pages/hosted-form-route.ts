import type { FastifyReply, FastifyRequest } from 'fastify';
import { t, UTM_KEYS } from '@app/contracts';
import { pickLang } from '../http/negotiation';
import { withFormOrigins } from './form-frame-policy';
import { renderHostedFormPage } from './hosted-form-page';
import type { PageRouteDeps } from './page-routes';
import { messagePage } from './result-pages';

type HostedFormRequest = FastifyRequest<{ Params: { slug: string }; Querystring: Record<string, unknown> }>;

const HTML = 'text/html; charset=utf-8';

/** GET /f/:slug: the form's own page in its language (or the visitor's), 404 for no such form, 410 while paused. */
export function hostedFormRoute({ tokens, catalog, config }: PageRouteDeps) {
  return (request: HostedFormRequest, reply: FastifyReply) => {
    const { headers, query, params } = request;
    const form = catalog.find(params.slug)?.definition;
    // As on /: a client stating no language (or only "*") gets the form's own.
    const stated = String(headers['accept-language'] ?? '').replace(/[\s,;]|q=[\d.]+|\*/g, '');
    const lang = pickLang(stated ? headers : {}, query.lang, form?.language ?? 'zh');
    reply.type(HTML).header('cache-control', 'no-store');
    if (!form) return reply.code(404).send(messagePage(lang, t(lang, 'forms.notFound')));
    if (form.status === 'paused') return reply.code(410).send(messagePage(lang, t(lang, 'forms.paused')));
    const policy = reply.getHeader('content-security-policy');
    if (typeof policy === 'string') reply.header('content-security-policy', withFormOrigins(policy, form.origins));
    const values: Record<string, string> = {};
    for (const key of [...UTM_KEYS, '_next']) {
      const v = query[key];
      if (typeof v === 'string' && v.length <= 1000) values[key] = v;
    }
    return reply.send(
      renderHostedFormPage({
        form,
        lang,
        token: tokens.issue(),
        privacyPolicyUrl: config.PRIVACY_POLICY_URL,
        companyName: config.COMPANY_NAME,
        consentRequired: config.CONSENT_REQUIRED,
        hotline: config.CONTACT_HOTLINE,
        values,
      }),
    );
  };
}
