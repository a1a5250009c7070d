import type { FastifyReply } from 'fastify';
import { displayPhone, Lang, leadActionPath, MessageKey, t } from '@app/contracts';
import { beijingTimestamp } from '../../notify/beijing-timestamp';
import { leadPagePath, mailtoHref, telHref } from '../board/board-links';
import { renderShellPage, sendShellPage, type ShellMe } from '../shell/page-shell';
import type { GoRefusal } from './go-link.service';
import type { GoView } from './lead-action.service';

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

/** Who the page is shown to: nobody signed in on a personal link's pages; the account behind the login. */
export interface GoShell {
  me: ShellMe | null;
  path: string;
}

const LINK_SHELL: GoShell = { me: null, path: GO_PATH };

export interface GoNotes {
  done: string | null;
  error: string | null;
  status?: number;
}

/**
 * A page of the link, or the same page behind the login: the one layout's
 * slim variant (no header, no script), never indexed.
 */
function render(name: string, lang: Lang, data: Record<string, unknown>, shell: GoShell): string {
  return renderShellPage(
    `go/views/${name}`,
    { lang, title: t(lang, 'go.page.title'), page: 'go', ...shell, nav: false, noindex: true },
    { ...data, lang },
  );
}

/**
 * Sends it never cached, forms only to this origin (helmet's policy, like
 * every admin page). A token is in the path: the same-origin
 * Referrer-Policy keeps it from leaving this origin.
 */
function send(reply: FastifyReply, status: number, html: string): void {
  reply.header('X-Robots-Tag', 'noindex, nofollow');
  sendShellPage(reply, status, html);
}

/** The action page of `view` (its lead, who acts, where its forms post). */
export function renderGoPage(lang: Lang, view: GoView, notes: GoNotes, shell: GoShell = LINK_SHELL): string {
  const phone = view.lead.phone ?? view.lead.phoneRaw ?? null;
  const task = view.task;
  const data = {
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
  };
  return render('go-page', lang, data, shell);
}

export function sendGoPage(reply: FastifyReply, lang: Lang, view: GoView, notes: GoNotes, shell: GoShell = LINK_SHELL): void {
  send(reply, notes.status ?? 200, renderGoPage(lang, view, notes, shell));
}

/** A link that cannot act: why, and the way in through the login (to the same action page behind it once logged in). */
export function sendGoRefusal(reply: FastifyReply, lang: Lang, refusal: GoRefusal, leadId: string | null): void {
  const next = leadId ? leadActionPath(leadId) : '/admin';
  const data = { message: t(lang, REFUSALS[refusal.reason]), loginHref: `/admin/login?next=${encodeURIComponent(next)}` };
  send(reply, refusal.status, render('go-refused', lang, data, LINK_SHELL));
}
