import { fill } from '@app/contracts/i18n/fill';
import type { boardZh } from '@app/contracts/i18n/board.messages';

/**
 * The board's words without their `board.` prefix: what the page's JSON data
 * hands the browser script and what the views read. The words themselves
 * live in the message catalog (libs/contracts/src/i18n/board.messages.ts).
 * Pure, so the browser script imports it too.
 */

type Prefixed = keyof typeof boardZh;
export type BoardWord = { [K in Prefixed]: K extends `board.${infer W}` ? W : never }[Prefixed];
export type BoardText = Record<BoardWord, string>;

/** Who is signed in: `name` is the login (what tasks and the API hold), `displayName` what the board shows. */
export interface StaffMe {
  name: string;
  role: 'admin' | 'staff';
  /** The account's role; an account without one in the data is `admin` or `sales` by `role`. */
  accountRole?: 'admin' | 'manager' | 'sales';
  displayName?: string;
  onDuty?: boolean;
  /** False for an account that takes no part in assigning leads (the admin by default): no on-duty switch. */
  receivesLeads?: boolean;
}

/** Someone a task can be assigned to: `name` is the login, `displayName` what the picker shows. */
export interface StaffMember {
  name: string;
  displayName?: string;
}

/**
 * A signed-in account as the pages and GET /admin/me show it: `name` is the
 * login and `role` is `admin` or `staff`, as before accounts had roles.
 */
export function staffMeOf(
  account: { login: string; displayName: string; role: 'admin' | 'manager' | 'sales' },
  displayName = account.displayName,
): StaffMe {
  return { name: account.login, role: account.role === 'admin' ? 'admin' : 'staff', accountRole: account.role, displayName };
}

/** The account's role, from its `accountRole` or, without one, its `role` (the one role helper). */
export function accountRoleOf(me: StaffMe): 'admin' | 'manager' | 'sales' {
  return me.accountRole ?? (me.role === 'admin' ? 'admin' : 'sales');
}

/** The display name of `login` among `staff`, or the login itself when nobody there has it. */
export function displayNameOf(staff: readonly StaffMember[], login: string | null | undefined): string | null {
  if (!login) return null;
  return staff.find((s) => s.name === login)?.displayName || login;
}

/** The word `key` with `{placeholders}` filled. */
export function say(text: BoardText, key: BoardWord, params?: Record<string, string | number>): string {
  return fill(text[key], params);
}

/** A word by a dynamic key (`status_<x>`), or the raw value when there is none. */
export function label(text: BoardText, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return text.none;
  const key = `${prefix}${value.replace(/-/g, '_')}`;
  // hasOwnProperty rather than Object.hasOwn: the browser bundle targets ES2018.
  return Object.prototype.hasOwnProperty.call(text, key) ? text[key as BoardWord] : value;
}

/**
 * A message split around its `{name}` placeholder, so a view can put markup
 * (a <time>, a <code>) there while escaping both halves like any text.
 */
export function around(message: string, name: string): [string, string] {
  const at = message.indexOf(`{${name}}`);
  return at < 0 ? [message, ''] : [message.slice(0, at), message.slice(at + name.length + 2)];
}
