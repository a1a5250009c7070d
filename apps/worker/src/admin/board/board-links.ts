import { leadPagePath } from '@app/contracts/contact-links';
import type { Lang } from '@app/contracts/lead.types';

export { leadPagePath, mailtoHref, telHref } from '@app/contracts/contact-links';

/**
 * Links, languages and tabs of the staff board, shared by the server's views
 * and the browser script (apps/worker/browser): pure functions, no Node APIs.
 */

export type BoardLang = Lang;

/**
 * The tabs, in their order: task filters (`open`, every open or in-progress
 * task, is the default), then `spam`, the quarantined leads (managers and
 * admins only: role-rules.ts).
 */
export const BOARD_TABS = ['mine', 'unassigned', 'overdue', 'dueToday', 'doneToday', 'open', 'spam'] as const;
export type BoardTab = (typeof BOARD_TABS)[number];
export const DEFAULT_TAB: BoardTab = 'open';

/**
 * The tab a board opens on: "mine" for sales when leads are assigned at
 * arrival (their work is what is theirs); with assignment off nothing is
 * anyone's until claimed, so they start, like managers, on every open task.
 */
export function defaultTabFor(role: 'admin' | 'manager' | 'sales', leadsAssignedAtArrival: boolean): BoardTab {
  return role === 'sales' && leadsAssignedAtArrival ? 'mine' : DEFAULT_TAB;
}

export function isBoardTab(value: unknown): value is BoardTab {
  return (BOARD_TABS as readonly unknown[]).includes(value);
}

/** `?lang=en` picks English; anything else is Chinese, the default. */
export function boardLang(value: unknown): BoardLang {
  return value === 'en' ? 'en' : 'zh';
}

/** A path with `?lang=en` kept (Chinese is the default and needs no parameter). */
export function withLang(path: string, lang: BoardLang): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

export const BOARD_PATH = '/admin';

/** The lead page of `leadId`, in `lang`. */
export function leadPageHref(leadId: string, lang: BoardLang): string {
  return withLang(leadPagePath(leadId), lang);
}

/** An address split after its last @, where a narrow screen may break the line; null without an @. */
export function emailBreak(email: string): [string, string] | null {
  const at = email.lastIndexOf('@');
  return at <= 0 ? null : [email.slice(0, at + 1), email.slice(at + 1)];
}

/**
 * A number as the board shows it where the API gives no grouped form (search
 * results): a mainland mobile 3-4-4 as dialled at home ("139 2345 6789"),
 * anything else as stored.
 */
export function readablePhone(phone: string): string {
  const mobile = /^\+861(\d{2})(\d{4})(\d{4})$/.exec(phone);
  return mobile ? `1${mobile[1]} ${mobile[2]} ${mobile[3]}` : phone;
}
