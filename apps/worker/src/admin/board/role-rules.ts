/**
 * What each role may do from the board's pages, as the admin API decides
 * it (the requireRole calls of the controllers, access.ts, and the task
 * rule of AdminTasksService): the pages show only what the API would
 * allow, so nobody meets a button that fails after a dialog. Pure, so the
 * browser script uses it too.
 */
export type BoardRole = 'admin' | 'manager' | 'sales';

/** Actions and links outside a task, and the roles that may use them. */
export const PAGE_ACTION_ROLES = {
  /** DELETE /admin/leads/:id (PIPL erasure). */
  erase: ['admin'],
  /** POST /admin/leads/:id/resend. */
  resend: ['admin', 'manager', 'sales'],
  /** GET /admin/leads.csv. */
  export: ['admin', 'manager'],
  /** GET /admin/board/staff. */
  staff: ['admin', 'manager'],
  /** GET /admin/board/audit. */
  audit: ['admin'],
  /** GET /admin/board/dead-letters. */
  deadLetters: ['admin', 'manager'],
  /** GET /admin/board/forms (admins edit, managers read, as /admin/forms). */
  forms: ['admin', 'manager'],
  /** GET /admin/board/teams (admins edit, managers read, as /admin/teams). */
  teams: ['admin', 'manager'],
  /** GET /admin/spam, POST /admin/leads/:id/not-spam and /spam: the board's 垃圾线索 tab. */
  spam: ['admin', 'manager'],
  /** /admin/queues (Bull Board). */
  queues: ['admin'],
} as const satisfies Record<string, readonly BoardRole[]>;

export type PageAction = keyof typeof PAGE_ACTION_ROLES;

export function mayUse(role: BoardRole, action: PageAction): boolean {
  return (PAGE_ACTION_ROLES[action] as readonly BoardRole[]).includes(role);
}

/** Sales act on their own and unassigned tasks only; managers and admins on any. */
export function mayActOnTask(role: BoardRole, me: string, assignee: string | null): boolean {
  return role !== 'sales' || assignee === null || assignee === me;
}
