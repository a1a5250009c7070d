import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, MetricsAccess } from '@app/config/metrics-access';
import type { SignedInStaff } from '../data/staff-account';
import { parseBasicAuth } from './auth/basic-auth';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: SignedInStaff;
  }
}

export { parseBasicAuth };

const REALM = 'Basic realm="lead-intake admin", charset="UTF-8"';
export const SESSION_COOKIE = 'lead_admin_session';
export const LOGIN_PATH = '/admin/login';
const LOGOUT_PATH = '/admin/logout';
/**
 * The stylesheet every staff page shares, the login and personal-link pages
 * included, which have no account yet: public, as it holds nothing but the
 * shell's styles. The board's own script and stylesheet stay behind the login.
 */
const PUBLIC_STYLESHEET = '/admin/assets/shell.css';
/** Personal links' action pages (admin/go): their token is their credential. */
const GO_PATH = '/admin/go';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Answer = SignedInStaff | null | { throttled: number };

/** What the hook needs to know who is asking: StaffGate (Postgres accounts, sessions, throttling), or a fake in specs. */
export interface AdminGate {
  readonly enabled: boolean;
  authenticate(login: string, password: string, client: { ip: string; userAgent: string | null }): Answer | Promise<Answer>;
  resume?(token: string): Promise<SignedInStaff | null>;
}

export interface AdminAuthOptions {
  metricsPublic: boolean;
  /** METRICS_TOKEN: a bearer token that opens /metrics (and nothing else), as on the gateway. */
  metricsToken?: string;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** Prefers HTML: a browser navigating, not a script or a page's fetch. */
export function wantsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /\btext\/html\b/.test(accept) && !/^application\/json/.test(accept);
}

/**
 * Whether a browser sent this. Browsers must never see a Basic challenge
 * (they would cache the credentials: no logout, and cross-site requests
 * would carry them). Node's fetch sends Sec-Fetch-Mode but never
 * Sec-Fetch-Site or -Dest; plain-http pages get no Sec-Fetch-* at all,
 * hence also the HTML Accept, the Origin and our own (stale) cookie.
 */
function fromBrowser(req: FastifyRequest): boolean {
  const h = req.headers;
  return Boolean(
    h['sec-fetch-site'] || h['sec-fetch-dest'] || h.origin || wantsHtml(req) || cookieValue(h.cookie, SESSION_COOKIE),
  );
}

/** The origin the admin is served from, as the client sees it (X-Forwarded-* only through trusted proxies). */
function ownOrigin(req: FastifyRequest): string | null {
  const host = req.host ?? req.headers.host;
  return host ? `${req.protocol ?? 'http'}://${host}` : null;
}

/**
 * A state-changing request from another site: refused whatever its
 * credentials. Sec-Fetch-Site, set by the browser itself, decides when
 * present (https and loopback); else the Origin must be ours. `Origin: null`
 * (what a page with `Referrer-Policy: no-referrer` sends, any site's
 * included) is refused without Sec-Fetch-Site to vouch for it. Requests
 * with neither header (scripts) are judged by their credentials alone.
 */
export function isCrossSite(req: FastifyRequest): boolean {
  if (!UNSAFE.has(req.method ?? 'GET')) return false;
  const site = req.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  return origin !== undefined && origin !== ownOrigin(req);
}

function refuse(reply: FastifyReply, status: number, message: string): void {
  reply.code(status).header('cache-control', 'no-store').send({ statusCode: status, message });
}

/**
 * A Fastify onRequest hook guarding everything under /admin, including
 * Bull Board's own routes (which never pass through Nest guards), and
 * /metrics unless it is public. With no password configured, admin is
 * closed, not open. Bull Board can retry and clean jobs: admin only.
 * /metrics also opens to METRICS_TOKEN as a bearer token (throttled per
 * client like the gateway's), so one Prometheus config scrapes both apps.
 *
 * Credentials: the board session cookie, or HTTP Basic (scripts). Without
 * them, a browser navigating is sent to the login page, a browser's fetch
 * gets a bare 401, and only a script is challenged with WWW-Authenticate.
 */
export function createAdminAuthHook(gateOf: AdminGate | (() => AdminGate), options: AdminAuthOptions) {
  const gate = typeof gateOf === 'function' ? gateOf : () => gateOf;
  const metricsAccess = new MetricsAccess({ token: options.metricsToken, isPublic: false });
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
    const admin = isUnder(path, '/admin') || isUnder(route, '/admin');
    const guarded = admin || (!options.metricsPublic && (path === '/metrics' || route === '/metrics'));
    if (!guarded) return;
    if (!admin && bearerToken(req.headers.authorization) !== null) {
      const verdict = metricsAccess.check(req.headers.authorization, req.ip ?? 'unknown');
      if (verdict.kind === 'ok') return;
      if (verdict.kind === 'throttled') {
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return refuse(reply, 429, 'Too many failed attempts: try again later');
      }
      return refuse(
        reply,
        401,
        verdict.kind === 'closed' ? 'No METRICS_TOKEN is set on this worker' : 'Wrong bearer token (METRICS_TOKEN)',
      );
    }
    const g = gate();
    if (!g.enabled) {
      return refuse(reply, 403, 'Admin is disabled: set ADMIN_PASSWORD to enable it');
    }
    if (admin && isCrossSite(req)) return refuse(reply, 403, 'Cross-site request refused');
    // The login form and logout work without an account (CSRF is checked above).
    if (path === LOGIN_PATH || path === LOGOUT_PATH || path === PUBLIC_STYLESHEET) return;
    // A personal link's pages check their token and its scope themselves
    // (admin/go); no other route accepts one, as anything.
    if (isUnder(path, GO_PATH) && (route === '' || isUnder(route, GO_PATH))) return;

    const token = g.resume ? cookieValue(req.headers.cookie, SESSION_COOKIE) : null;
    let account: SignedInStaff | null = token ? await g.resume!(token) : null;
    if (!account) {
      const credentials = parseBasicAuth(req.headers.authorization);
      const answer = credentials
        ? await g.authenticate(credentials.user, credentials.password, {
            ip: req.ip ?? 'unknown',
            userAgent: req.headers['user-agent'] ?? null,
          })
        : null;
      if (answer && 'throttled' in answer) {
        reply.header('retry-after', String(answer.throttled));
        return refuse(reply, 429, 'Too many failed logins: try again later');
      }
      account = answer;
    }
    if (!account) {
      if (fromBrowser(req)) {
        const method = req.method ?? 'GET';
        if ((method === 'GET' || method === 'HEAD') && wantsHtml(req)) {
          const next = encodeURIComponent(req.url);
          return void reply.code(303).header('cache-control', 'no-store').header('location', `${LOGIN_PATH}?next=${next}`).send();
        }
        return refuse(reply, 401, 'Authentication required');
      }
      return void reply.code(401).header('www-authenticate', REALM).send({ statusCode: 401, message: 'Authentication required' });
    }
    if (account.role !== 'admin' && (isUnder(path, '/admin/queues') || isUnder(route, '/admin/queues'))) {
      return refuse(reply, 403, 'The queue dashboard is for admins only');
    }
    req.staff = account;
  };
}
