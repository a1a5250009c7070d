import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { LoggerService } from '@nestjs/common';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { GatewayConfig } from '@app/config';
import { isLeadId, UTM_KEYS } from '@app/contracts';
import type { FormTokenService } from '../defences/form-token.service';
import type { FormsCatalog } from '../forms/forms-catalog.service';
import { pickLang } from '../http/negotiation';
import { renderFormPage } from './form-page';
import { hostedFormRoute } from './hosted-form-route';
import { assetOptions, ROOT_FILES } from './page-assets';
import { pageSecurity } from './page-security';
import { privacyPage } from './privacy-page';
import { thanksPage } from './result-pages';

export interface PageRouteDeps {
  tokens: FormTokenService;
  catalog: FormsCatalog;
  config: GatewayConfig;
  logger: LoggerService;
}

const HTML = 'text/html; charset=utf-8';

/**
 * GET / (the 需求描述 form), GET /thanks, GET /privacy and the files they and other sites
 * load, in one encapsulated Fastify context: helmet's request hooks run for
 * these routes only, never for POST /api/leads, the benchmarked hot path.
 */
export function pageRoutes(deps: PageRouteDeps): FastifyPluginAsync {
  const { tokens, config, logger } = deps;
  return async (pages) => {
    await pages.register(helmet, pageSecurity(config));
    await pages.register(fastifyStatic, assetOptions());

    // An origin answers If-None-Match by comparing ETags (RFC 9110 §13.2). send would first give up on any
    // request saying "Cache-Control: no-cache", which fetch() adds to every conditional request, and resend
    // the whole file; the hand-written serving this replaced answered 304 to those too.
    pages.addHook('onRequest', (request, _reply, done) => {
      if (request.headers['if-none-match']) {
        delete request.headers['cache-control'];
        delete request.headers.pragma;
      }
      done();
    });

    // Registered before Nest's own handler exists, this context would otherwise answer errors unlogged.
    pages.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) logger.error({ err: error, url: request.url }, 'page failed', 'PageRoutes');
      return reply.code(status).send({ statusCode: status, message: status === 500 ? 'Internal server error' : error.message });
    });

    pages.get<{ Querystring: Record<string, unknown> }>('/', (request, reply) => {
      const { headers, query } = request;
      // The form is Chinese first: a client that states no language (or only
      // "*", as Node's fetch does) gets Chinese.
      const stated = String(headers['accept-language'] ?? '').replace(/[\s,;]|q=[\d.]+|\*/g, '');
      const lang = pickLang(stated ? headers : {}, query.lang, 'zh');
      // UTM tags and _next on the link to this page travel with the post.
      const values: Record<string, string> = {};
      for (const key of [...UTM_KEYS, '_next']) {
        const v = query[key];
        if (typeof v === 'string' && v.length <= 1000) values[key] = v;
      }
      const html = renderFormPage({
        lang,
        token: tokens.issue(),
        privacyPolicyUrl: config.PRIVACY_POLICY_URL,
        companyName: config.COMPANY_NAME,
        consentRequired: config.CONSENT_REQUIRED,
        hotline: config.CONTACT_HOTLINE,
        values,
      });
      // The page carries a time-stamped token: never serve it from a cache.
      return reply.type(HTML).header('cache-control', 'no-store').send(html);
    });

    pages.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/f/:slug', hostedFormRoute(deps));

    pages.get<{ Querystring: Record<string, unknown> }>('/thanks', (request, reply) => {
      const { id, lang } = request.query;
      // The form is Chinese, so a browser that states no language gets Chinese.
      const html = thanksPage(pickLang(request.headers, lang, 'zh'), isLeadId(id) ? id : null, {
        hotline: config.CONTACT_HOTLINE,
        siteUrl: config.CORS_ORIGINS[0],
      });
      return reply.type(HTML).header('cache-control', 'no-store').send(html);
    });

    // The default policy the consent checkbox links to (PRIVACY_POLICY_URL unset), in the form's language.
    pages.get<{ Querystring: Record<string, unknown> }>('/privacy', (request, reply) => {
      const { lang, _lang } = request.query;
      const html = privacyPage({
        lang: pickLang(request.headers, lang ?? _lang, 'zh'),
        companyName: config.COMPANY_NAME,
        version: config.PRIVACY_POLICY_VERSION,
        hotline: config.CONTACT_HOTLINE,
      });
      return reply.type(HTML).header('cache-control', 'public, max-age=600').header('vary', 'accept-language').send(html);
    });

    for (const file of ROOT_FILES) pages.get(`/${file}`, (_request, reply) => reply.sendFile(file));
  };
}
