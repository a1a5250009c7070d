import { BOARD_PATH, BOARD_TABS, type BoardLang, type BoardTab } from './board-links';
import { mayUse } from './role-rules';
import { accountRoleOf, type StaffMe, type StaffMember } from './board-text';
import { t } from '@app/contracts';
import { renderBoardView } from './board-views';

export { BOARD_TABS };

export interface BoardPageOptions {
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  assetVersion?: string;
  /** Alert destinations failing for longer than `failingMinutes` (a red banner). */
  failing?: FailingDestination[];
  failingMinutes?: number;
  /** Accepted leads that could not be stored and wait for a person (admins and managers see the banner). */
  deadLetters?: number;
  /** The tab without ?tab= (defaultTabFor); `open` when not given. */
  defaultTab?: BoardTab;
  /** Every form (slug and name): with more than one, the board filters by form and its cards name theirs. */
  forms?: BoardForm[];
}

export interface BoardForm {
  slug: string;
  name: string;
}

export interface FailingDestination {
  channel: string;
  /** Masked: no token, key or secret. */
  label: string;
  error: string;
}

/** The forms the board filters by: none when there is only one (nothing to choose). */
function boardForms(opts: BoardPageOptions): BoardForm[] {
  const forms = opts.forms ?? [];
  return forms.length > 1 ? forms : [];
}

/**
 * GET /admin: the task board. The page is a shell; the browser script loads
 * the tasks from GET /admin/tasks, keeps the countdowns ticking every second,
 * refreshes the list every 30 s, and sends the claim/assign/note/done/reopen
 * actions to PATCH /admin/tasks/:id. One table: a table on a desk, cards on a phone.
 */
export function renderBoardPage(opts: BoardPageOptions): string {
  return renderBoardView(
    'board',
    {
      lang: opts.lang,
      title: t(opts.lang, 'board.boardTitle'),
      page: 'board',
      me: opts.me,
      staff: opts.staff,
      path: BOARD_PATH,
      assetVersion: opts.assetVersion,
      defaultTab: opts.defaultTab,
      data: { forms: boardForms(opts) },
    },
    {
      // The 垃圾线索 tab only for whom GET /admin/spam answers.
      tabs: BOARD_TABS.filter((tab) => tab !== 'spam' || mayUse(accountRoleOf(opts.me), 'spam')),
      failing: opts.failing ?? [],
      failingMinutes: opts.failingMinutes ?? 0,
      deadLetters: opts.deadLetters ?? 0,
      // The switch is for someone with an account row (onDuty known) who receives leads; counts per person for managers and admins.
      duty:
        opts.me.onDuty === undefined
          ? null
          : { on: opts.me.onDuty, login: opts.me.name, receivesLeads: opts.me.receivesLeads !== false },
      workload: accountRoleOf(opts.me) !== 'sales',
      forms: boardForms(opts),
    },
  );
}
