import type { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsAccess } from '@app/config';

const CHALLENGE = 'Bearer realm="lead-intake metrics"';

function refuse(reply: FastifyReply, status: number, message: string): void {
  reply.code(status).header('cache-control', 'no-store').send({ statusCode: status, message });
}

/**
 * Who may read /metrics on a consumer-only worker: METRICS_TOKEN as a
 * bearer token, or anyone with METRICS_PUBLIC, as on the gateway. Staff
 * passwords open it only where the admin role runs (the admin auth hook):
 * accounts, sessions and the login throttle are that role's. Without a
 * token and not public, /metrics is off (404): nothing to ask for.
 */
export function metricsTokenHook(options: { token?: string; isPublic: boolean }) {
  const access = new MetricsAccess(options);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // The route Fastify matched, so no spelling of the path (/%6detrics) slips past.
    if (req.routeOptions?.url !== '/metrics') return;
    const verdict = access.check(req.headers.authorization, req.ip);
    switch (verdict.kind) {
      case 'closed':
        return refuse(reply, 404, 'Metrics are off: set METRICS_TOKEN (or METRICS_PUBLIC=true) to serve them');
      case 'unauthorized':
        reply.header('www-authenticate', CHALLENGE);
        return refuse(reply, 401, 'A bearer token (METRICS_TOKEN) is required');
      case 'throttled':
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return refuse(reply, 429, 'Too many failed attempts: try again later');
    }
  };
}
