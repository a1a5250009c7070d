import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, RouteShorthandOptions } from 'fastify';
import type { FormCorsPolicy } from '../forms/form-cors';
import type { HttpErrorFilter } from '../http/http-error.filter';
import { bodyTypeConstraint, MULTIPART } from '../http/multipart-constraint';
import { multipartPolicy } from '../http/multipart-policy';
import type { LeadSubmissionHandler } from './lead-submission.handler';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors's per-route switch (it comes with app.enableCors(), without its types in our dependencies). */
    cors?: false;
  }
}

export interface LeadRouteDeps {
  handler: LeadSubmissionHandler;
  errors: HttpErrorFilter;
  bodyLimit: number;
  cors: FormCorsPolicy;
}

/**
 * POST /api/leads (and the same for each form, /api/forms/:slug/leads) as a plain Fastify route in its own context, the
 * benchmarked hot path: Nest's router, guards, pipes and interceptors would
 * cost every lead time for nothing the route uses. Registered after
 * `app.init()`, so the context starts from the parsers Nest registered (JSON,
 * urlencoded) and, like every route, runs Nest's request hooks (CORS, the 503
 * while shutting down) and the request log.
 *
 * A multipart post goes to a variant of the route in a context of its own,
 * with @fastify/multipart's parser and hooks: JSON and urlencoded posts never
 * run those hooks.
 */
export function leadRoutes({ handler, errors, bodyLimit, cors }: LeadRouteDeps): FastifyPluginAsync {
  // A form's routes answer CORS by the form's origins (FormCorsPolicy), not CORS_ORIGINS' @fastify/cors.
  const formRoute: RouteShorthandOptions = { config: { cors: false }, onRequest: cors.allow };
  return async (leads) => {
    // Fastify's own JSON parser: Nest's wraps the same parser, per request.
    leads.removeContentTypeParser('application/json');
    leads.addContentTypeParser('application/json', { parseAs: 'string' }, leads.getDefaultJsonParser('error', 'error'));
    leads.setErrorHandler((error, request, reply) => errors.answer(error, request, reply));
    leads.post('/api/leads', (request, reply) => handler.submit(request, reply));
    leads.post('/api/forms/:slug/leads', formRoute, (request, reply) => handler.submitToForm(request, reply));
    leads.get('/api/forms/:slug', formRoute, (request, reply) => handler.describe(request, reply));
    for (const path of ['/api/forms/:slug/leads', '/api/forms/:slug']) {
      leads.options(path, { config: { cors: false } }, cors.preflight);
    }

    if (!leads.hasConstraintStrategy(bodyTypeConstraint.name)) leads.addConstraintStrategy(bodyTypeConstraint);
    await leads.register(async (multipartLeads) => {
      await multipartLeads.register(multipart, multipartPolicy(bodyLimit));
      multipartLeads.post('/api/leads', { constraints: MULTIPART }, (request, reply) => handler.submit(request, reply));
      multipartLeads.post('/api/forms/:slug/leads', { ...formRoute, constraints: MULTIPART }, (request, reply) =>
        handler.submitToForm(request, reply),
      );
    });
  };
}
