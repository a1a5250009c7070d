import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SignedInStaff } from '../../data/staff-account';
import { Lang, MessageKey, t } from '@app/contracts';
import { Views } from '@app/views';

const views = new Views(join(__dirname, 'views'));

/** `?lang=en` for English; Chinese otherwise, like the board. */
export const pageLang = (value: unknown): Lang => (value === 'en' ? 'en' : 'zh');

/**
 * Renders one of the account pages (login, staff, audit) and sends it: never
 * cached, no script at all, its one inline stylesheet allowed by a nonce.
 */
export function sendStaffPage(
  reply: FastifyReply,
  status: number,
  name: 'login' | 'staff' | 'audit' | 'dead-letters',
  data: { lang: Lang; title: MessageKey; me?: SignedInStaff } & Record<string, unknown>,
): void {
  const nonce = randomBytes(16).toString('base64');
  const html = views.render(name, {
    ...data,
    title: t(data.lang, data.title),
    nonce,
    role: data.me ? data.me.role : null,
    t: (key: MessageKey, params?: Record<string, string | number>) => t(data.lang, key, params),
  });
  reply
    .code(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'DENY')
    // Not no-referrer: with it, the browser sends `Origin: null` on our own
    // form posts, which the cross-site check cannot tell from another site's.
    .header('Referrer-Policy', 'same-origin')
    .send(html);
}
