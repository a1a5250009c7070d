import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { GatewayConfig } from '@app/config';
import { captchaWidgetOrigins } from '../defences/captcha-widgets';

/**
 * Security headers of the public pages and their files (@fastify/helmet).
 * The pages load only their own script and stylesheet, fetch only from
 * their own origin, and post only to it; a plain form post may then be
 * redirected to `_next`, which is only ever one of CORS_ORIGINS, and those
 * (the company's own sites) are the only ones that may frame the form.
 */
export function pageSecurity(config: Pick<GatewayConfig, 'CORS_ORIGINS' | 'CAPTCHA_PROVIDER'>): FastifyHelmetOptions {
  // The captcha widget (docs/spam.md) is the one third party a page may load, and only when configured.
  const widget = captchaWidgetOrigins(config.CAPTCHA_PROVIDER);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'", ...widget],
        styleSrc: widget.length ? ["'self'", "'unsafe-inline'", ...widget] : ["'self'"],
        // The empty favicon (data:,) spares a request that would 404.
        imgSrc: ["'self'", 'data:', ...widget],
        connectSrc: ["'self'", ...widget],
        ...(widget.length ? { frameSrc: widget } : {}),
        baseUri: ["'none'"],
        formAction: ["'self'", ...config.CORS_ORIGINS],
        frameAncestors: ["'self'", ...config.CORS_ORIGINS],
      },
    },
    // frame-ancestors says who may frame the form; X-Frame-Options cannot name several origins.
    xFrameOptions: false,
    // The post's Referer is the page a lead came from (the lead's `page`): keep it within the site.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // TLS ends at the proxy in front of the gateway, which owns HSTS for the whole domain.
    strictTransportSecurity: false,
  };
}
