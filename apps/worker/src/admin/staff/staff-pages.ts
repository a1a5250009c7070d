import type { FastifyReply } from 'fastify';
import type { SignedInStaff } from '../../data/staff-account';
import { Lang, MessageKey, t } from '@app/contracts';
import { renderShellPage, sendShellPage } from '../shell/page-shell';

/** `?lang=en` for English; Chinese otherwise, like the board. */
export const pageLang = (value: unknown): Lang => (value === 'en' ? 'en' : 'zh');

export type StaffPageName = 'login' | 'staff' | 'audit' | 'dead-letters';

/** Each page's own path, for the language switch. */
const PATHS: Record<StaffPageName, string> = {
  login: '/admin/login',
  staff: '/admin/board/staff',
  audit: '/admin/board/audit',
  'dead-letters': '/admin/board/dead-letters',
};

/** Renders one of the account pages (login, staff, audit, dead letters): server-rendered forms in the one layout, no script. */
export function renderStaffPage(
  name: StaffPageName,
  data: { lang: Lang; title: MessageKey; me?: SignedInStaff } & Record<string, unknown>,
): string {
  const me = data.me ? { name: data.me.login, displayName: data.me.displayName, role: data.me.role } : null;
  const title = t(data.lang, data.title);
  return renderShellPage(
    `staff/views/${name}`,
    { lang: data.lang, title, page: name, me, path: PATHS[name] },
    { ...data, title },
  );
}

/** Renders a staff page and sends it, never cached; helmet sets its security headers like every admin page's. */
export function sendStaffPage(
  reply: FastifyReply,
  status: number,
  name: StaffPageName,
  data: { lang: Lang; title: MessageKey; me?: SignedInStaff } & Record<string, unknown>,
): void {
  sendShellPage(reply, status, renderStaffPage(name, data));
}
