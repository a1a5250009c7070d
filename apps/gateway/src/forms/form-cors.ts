import type { FastifyRequest } from 'fastify';
import type { CompiledForm } from '@app/contracts';

/** What @fastify/cors is told for one request: the allowed origins, or `origin: false` (no CORS headers at all). */
export type CorsOptions =
  | { origin: false }
  | {
      origin: string[];
      methods: string[];
      allowedHeaders: string[];
      exposedHeaders: string[];
      maxAge: number;
    };

const NO_CORS: CorsOptions = { origin: false };
const FORMS_PREFIX = '/api/forms/';

/** The CORS answer for a list of origins; an empty list is today's "no CORS_ORIGINS": no CORS headers. */
export function corsOptionsFor(origins: readonly string[]): CorsOptions {
  if (origins.length === 0) return NO_CORS;
  return {
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'accept-language', 'idempotency-key'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  };
}

/** The form slug of `/api/forms/:slug` and `/api/forms/:slug/leads` (query aside), or null for any other URL. */
export function formSlugOf(url: string): string | null {
  if (!url.startsWith(FORMS_PREFIX)) return null;
  const rest = url.slice(FORMS_PREFIX.length);
  const end = rest.search(/[/?#]/);
  const slug = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end).replace(/[?#].*$/, '');
  return slug && (tail === '' || tail === '/leads') ? slug : null;
}

/**
 * The options delegate of `app.enableCors()`: a form's own routes answer
 * its `origins` (empty: CORS_ORIGINS), every other route CORS_ORIGINS as
 * before. Each form's options are built once per compiled form, that is
 * once per version of the snapshot (the catalog keeps a form's compiled
 * object while its version stands); other URLs get one prebuilt object.
 */
export function formCorsDelegate(
  find: (slug: string) => CompiledForm | undefined,
  defaults: readonly string[],
): (req: FastifyRequest, cb: (err: Error | null, options: CorsOptions) => void) => void {
  const everywhere = corsOptionsFor(defaults);
  const perForm = new WeakMap<CompiledForm, CorsOptions>();
  return (req, cb) => {
    const slug = formSlugOf(req.url);
    const form = slug === null ? undefined : find(slug);
    if (!form) return cb(null, everywhere);
    let options = perForm.get(form);
    if (!options) {
      const own = form.definition.origins;
      options = own.length > 0 ? corsOptionsFor(own) : everywhere;
      perForm.set(form, options);
    }
    cb(null, options);
  };
}
