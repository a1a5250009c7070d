import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

/**
 * The one policy of every staff page (board, lead, reports, staff, audit,
 * dead letters, login, error and personal-link pages: one layout,
 * shell/views/layout.eta): their script and stylesheets are their own files,
 * they talk to this origin only, their data is a JSON island, never inline
 * script or style. No page sets a Content-Security-Policy of its own.
 */
const PAGE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Bull Board (/admin/queues) renders inline styles, a <style> element and a
 * <base href>, and loads Google Fonts: its own, looser policy. Its scripts
 * are still its own files only.
 */
const BULL_BOARD_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const BULL_BOARD_PREFIX = '/admin/queues';

/**
 * Helmet's headers on every response of the admin port, with the strict
 * page policy by default and Bull Board's own for its routes (route config
 * read by @fastify/helmet, set as each Bull Board route is added). Register
 * before the app's routes: the hook only sees routes added after it.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === BULL_BOARD_PREFIX || route.url.startsWith(`${BULL_BOARD_PREFIX}/`)) {
      route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: BULL_BOARD_CSP } } };
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP },
    frameguard: { action: 'deny' },
    // Not no-referrer: over plain http to a non-loopback host browsers send no
    // Sec-Fetch-Site, and with no-referrer their own posts carry `Origin: null`,
    // which the cross-site check (admin-auth.hook.ts) refuses.
    referrerPolicy: { policy: 'same-origin' },
    // The admin port is plain HTTP on the internal network; HSTS is for whatever terminates TLS in front of it.
    strictTransportSecurity: false,
  });
}
