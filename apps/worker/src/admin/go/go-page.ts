import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Lang, MessageKey, t } from '@app/contracts';
import { Views } from '@app/views';
import { beijingTimestamp } from '../../notify/beijing-timestamp';
import { leadPagePath, mailtoHref, telHref } from '../board/board-links';
import type { GoRefusal, GoView } from './go-link.service';

const views = new Views(join(__dirname, 'views'));

const REFUSALS: Record<GoRefusal['reason'], MessageKey> = {
  invalid: 'go.refused.invalid',
  revoked: 'go.refused.revoked',
  scope: 'go.refused.scope',
  form: 'go.refused.form',
  expired: 'go.refused.expired',
  gone: 'go.page.closed',
};

/**
 * Sends a page of the link: never cached or indexed, no script, one inline
 * stylesheet allowed by a nonce, forms only to this origin. The token is
 * in the path: Referrer-Policy keeps it from leaving this origin.
 */
function send(reply: FastifyReply, status: number, name: string, lang: Lang, data: Record<string, unknown>): void {
  const nonce = randomBytes(16).toString('base64');
  const html = views.render(name, {
    ...data,
    lang,
    nonce,
    title: t(lang, 'go.page.title'),
    t: (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params),
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
    .header('X-Robots-Tag', 'noindex, nofollow')
    .header('Referrer-Policy', 'same-origin')
    .send(html);
}

export function sendGoPage(
  reply: FastifyReply,
  lang: Lang,
  view: GoView,
  notes: { done: string | null; error: string | null; status?: number },
): void {
  const phone = view.lead.phone ?? view.lead.phoneRaw ?? null;
  const task = view.task;
  send(reply, notes.status ?? 200, 'go-page', lang, {
    view,
    done: notes.done,
    error: notes.error,
    phone,
    tel: phone ? telHref(phone) : null,
    mailto: view.lead.email ? mailtoHref(view.lead.email) : null,
    received: beijingTimestamp(view.lead.receivedAt, lang),
    touched:
      task?.firstTouchAt && task.firstTouchBy
        ? t(lang, 'go.page.touched', { who: task.firstTouchBy, when: beijingTimestamp(task.firstTouchAt, lang) })
        : null,
    boardLink: leadPagePath(view.lead.id),
  });
}

/** A link that cannot act: why, and the way in through the login (back to the lead's page once logged in). */
export function sendGoRefusal(reply: FastifyReply, lang: Lang, refusal: GoRefusal, leadId: string | null): void {
  const next = leadId ? leadPagePath(leadId) : '/admin';
  send(reply, refusal.status, 'go-refused', lang, {
    message: t(lang, REFUSALS[refusal.reason]),
    loginHref: `/admin/login?next=${encodeURIComponent(next)}`,
  });
}
