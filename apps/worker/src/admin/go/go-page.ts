import type { FastifyReply } from 'fastify';
import { displayPhone, Lang, MessageKey, t } from '@app/contracts';
import { beijingTimestamp } from '../../notify/beijing-timestamp';
import { leadPagePath, mailtoHref, telHref } from '../board/board-links';
import { renderShellPage, sendShellPage } from '../shell/page-shell';
import type { GoRefusal, GoView } from './go-link.service';

/** The link pages' path (the token follows): the slim layout shows no language switch that would use it. */
const GO_PATH = '/admin/go';

const REFUSALS: Record<GoRefusal['reason'], MessageKey> = {
  invalid: 'go.refused.invalid',
  revoked: 'go.refused.revoked',
  scope: 'go.refused.scope',
  form: 'go.refused.form',
  expired: 'go.refused.expired',
  gone: 'go.page.closed',
};

/**
 * Sends a page of the link: the one layout's slim variant (no header, no
 * script), never cached or indexed, forms only to this origin (helmet's
 * policy, like every admin page). The token is in the path: the
 * same-origin Referrer-Policy keeps it from leaving this origin.
 */
function send(reply: FastifyReply, status: number, name: string, lang: Lang, data: Record<string, unknown>): void {
  const html = renderShellPage(
    `go/views/${name}`,
    { lang, title: t(lang, 'go.page.title'), page: 'go', me: null, path: GO_PATH, nav: false, noindex: true },
    { ...data, lang },
  );
  reply.header('X-Robots-Tag', 'noindex, nofollow');
  sendShellPage(reply, status, html);
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
    // Grouped for reading (139 6200 1234), as on the board; the tel: link dials the stored number.
    phone: phone ? displayPhone(phone) : null,
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
