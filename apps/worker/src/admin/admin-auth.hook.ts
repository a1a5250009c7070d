import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface StaffAccount {
  name: string;
  role: 'admin' | 'staff';
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffAccount;
  }
}

export interface AdminAuthSettings {
  ADMIN_USER: string;
  ADMIN_PASSWORD?: string;
}

const REALM = 'Basic realm="lead-intake admin", charset="UTF-8"';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses an `Authorization: Basic` header into user and password. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * A Fastify onRequest hook guarding everything under /admin, including
 * Bull Board's own routes (which never pass through Nest guards). With no
 * password configured, admin is closed, not open.
 */
export function createAdminAuthHook(settings: AdminAuthSettings) {
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
    if (!isAdminPath(path) && !isAdminPath(route)) return;
    if (!settings.ADMIN_PASSWORD) {
      return void reply.code(403).send({ statusCode: 403, message: 'Admin is disabled: set ADMIN_PASSWORD to enable it' });
    }
    const credentials = parseBasicAuth(req.headers.authorization);
    if (
      credentials &&
      safeEqual(credentials.user, settings.ADMIN_USER) &&
      safeEqual(credentials.password, settings.ADMIN_PASSWORD)
    ) {
      req.staff = { name: credentials.user, role: 'admin' };
      return;
    }
    return void reply.code(401).header('www-authenticate', REALM).send({ statusCode: 401, message: 'Authentication required' });
  };
}
