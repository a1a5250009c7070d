import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseBasicAuth, StaffAccount, StaffDirectory } from '@app/config/staff-directory';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffAccount;
  }
}

export { parseBasicAuth };
export type { StaffAccount };

const REALM = 'Basic realm="lead-intake admin", charset="UTF-8"';

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * A Fastify onRequest hook guarding everything under /admin, including
 * Bull Board's own routes (which never pass through Nest guards), and
 * /metrics unless it is public. With no password configured, admin is
 * closed, not open. Bull Board can retry and clean jobs: admin only.
 */
export function createAdminAuthHook(directory: StaffDirectory, options: { metricsPublic: boolean }) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Fastify routes on the decoded path, so the guard must judge that one:
    // otherwise /%61dmin/tasks would reach /admin/tasks unauthenticated.
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?', 1)[0]);
    } catch {
      return void reply.code(400).send({ statusCode: 400, message: 'Malformed URL' });
    }
    const route = req.routeOptions?.url ?? '';
    const guarded =
      isUnder(path, '/admin') ||
      isUnder(route, '/admin') ||
      (!options.metricsPublic && (path === '/metrics' || route === '/metrics'));
    if (!guarded) return;
    if (!directory.enabled) {
      return void reply.code(403).send({ statusCode: 403, message: 'Admin is disabled: set ADMIN_PASSWORD to enable it' });
    }
    const credentials = parseBasicAuth(req.headers.authorization);
    const account = credentials && directory.authenticate(credentials.user, credentials.password);
    if (!account) {
      return void reply.code(401).header('www-authenticate', REALM).send({ statusCode: 401, message: 'Authentication required' });
    }
    if (account.role !== 'admin' && (isUnder(path, '/admin/queues') || isUnder(route, '/admin/queues'))) {
      return void reply.code(403).send({ statusCode: 403, message: 'The queue dashboard is for admins only' });
    }
    req.staff = account;
  };
}
