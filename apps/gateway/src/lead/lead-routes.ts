import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { HttpErrorFilter } from '../http/http-error.filter';
import { multipartPolicy } from '../http/multipart-policy';
import type { LeadSubmissionHandler } from './lead-submission.handler';

export interface LeadRouteDeps {
  handler: LeadSubmissionHandler;
  errors: HttpErrorFilter;
  bodyLimit: number;
}

/**
 * POST /api/leads as a plain Fastify route in its own context, the
 * benchmarked hot path: Nest's router, guards, pipes and interceptors would
 * cost every lead time for nothing the route uses, and multipart's hooks and
 * parser stay in this context. Registered after `app.init()`, so the context
 * starts from the parsers Nest registered (JSON, urlencoded) and, like every
 * route, runs Nest's request hooks and middleware (CORS, the 503 while
 * shutting down, the request log).
 */
export function leadRoutes({ handler, errors, bodyLimit }: LeadRouteDeps): FastifyPluginAsync {
  return async (leads) => {
    // Fastify's own JSON parser: Nest's wraps the same parser, per request.
    leads.removeContentTypeParser('application/json');
    leads.addContentTypeParser('application/json', { parseAs: 'string' }, leads.getDefaultJsonParser('error', 'error'));
    await leads.register(multipart, multipartPolicy(bodyLimit));
    leads.setErrorHandler((error, request, reply) => errors.answer(error, request, reply));
    leads.post('/api/leads', (request, reply) => handler.submit(request, reply));
  };
}
