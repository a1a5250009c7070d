import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the request's log line says besides the request and its answer (e.g. the lead id, masked contact). */
    logFields: Record<string, unknown> | null;
  }
}

const UNLOGGED = new Set(['/health', '/metrics']);

/** The part of the app's pino logger the request lines use. */
interface LineWriter {
  isLevelEnabled(level: string): boolean;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The gateway's request lines at info: one per request, written once the
 * answer is sent, carrying what the route added (an accepted lead's id and
 * masked contact), in the shape of pino-http's lines (`req`, `res` through
 * the logger's serializer, `responseTime`).
 *
 * The gateway does without pino-http's middleware: binding every request to
 * its logs takes AsyncLocalStorage, whose promise hooks (on Node 20) tax
 * every promise of every request, and the middleware runner and a child
 * logger per request come on top. Registered on the root instance before
 * any route, so every context inherits the hook.
 */
export function logRequests(instance: FastifyInstance, logger: LineWriter): void {
  instance.decorateRequest('logFields', null);
  if (!logger.isLevelEnabled('info')) return;
  instance.addHook('onResponse', (request, reply, done) => {
    if (!UNLOGGED.has(request.url)) {
      const failed = reply.statusCode >= 500;
      logger[failed ? 'error' : 'info'](
        {
          req: { id: request.id, method: request.method, url: request.url },
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
          ...request.logFields,
        },
        failed ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
