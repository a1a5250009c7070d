import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CompiledForm } from '@app/contracts';

// What app.enableCors() answers for CORS_ORIGINS (gateway-app.ts), so a form's routes behave the same.
const ALLOW_METHODS = 'GET, POST';
const ALLOW_HEADERS = 'content-type, accept, accept-language, idempotency-key';
const EXPOSE_HEADERS = 'retry-after';
const MAX_AGE = '600';

/**
 * CORS on a form's own routes (`/api/forms/:slug`, `/api/forms/:slug/leads`,
 * their preflights): the form's `origins`, or CORS_ORIGINS when it has none.
 * Everything else, `POST /api/leads` included, keeps @fastify/cors with
 * CORS_ORIGINS exactly as before (those routes say `cors: false` to it), so
 * the default form's hot path pays nothing for forms.
 *
 * Each form's origin set is built once per compiled form, that is once per
 * version of the snapshot (the catalog keeps a form's compiled object while
 * its version stands). An origin not allowed gets no CORS headers, as with
 * @fastify/cors; its post is then refused 403 by the submission handler.
 */
export class FormCorsPolicy {
  private readonly defaults: ReadonlySet<string>;
  private readonly perForm = new WeakMap<CompiledForm, ReadonlySet<string>>();

  constructor(
    private readonly find: (slug: string) => CompiledForm | undefined,
    defaults: readonly string[],
  ) {
    this.defaults = new Set(defaults);
  }

  /** The origins allowed on the form `slug`'s routes (an unknown form: CORS_ORIGINS; it answers 404 anyway). */
  originsOf(slug: string): ReadonlySet<string> {
    const form = this.find(slug);
    if (!form) return this.defaults;
    let origins = this.perForm.get(form);
    if (!origins) {
      const own = form.definition.origins;
      origins = own.length > 0 ? new Set(own) : this.defaults;
      this.perForm.set(form, origins);
    }
    return origins;
  }

  /** onRequest of a form's GET and POST routes: lets an allowed origin read the answer (errors included). */
  readonly allow = (req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const origin = this.allowedOrigin(req);
    if (origin) reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSE_HEADERS);
    reply.header('vary', 'Origin');
    done();
  };

  /** OPTIONS on a form's routes: the preflight, 204; no CORS headers for an origin not allowed, 404 where none is. */
  readonly preflight = (req: FastifyRequest, reply: FastifyReply): void => {
    if (this.originsOf(slugOf(req)).size === 0) return void reply.callNotFound();
    const origin = this.allowedOrigin(req);
    reply.header('vary', 'Origin');
    if (origin) {
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', ALLOW_METHODS)
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', MAX_AGE);
    }
    reply.code(204).header('content-length', '0').send();
  };

  private allowedOrigin(req: FastifyRequest): string | null {
    const origin = req.headers.origin;
    return origin && this.originsOf(slugOf(req)).has(origin) ? origin : null;
  }
}

function slugOf(req: FastifyRequest): string {
  return (req.params as { slug?: string } | undefined)?.slug ?? '';
}
