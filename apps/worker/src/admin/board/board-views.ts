import { t } from '@app/contracts';
import { boardEn } from '@app/contracts/i18n/board.messages';
import { type BoardLang, type BoardTab, DEFAULT_TAB, leadPagePath, withLang } from './board-links';
import {
  accountRoleOf,
  around,
  displayNameOf,
  label,
  type BoardText,
  type BoardWord,
  type StaffMe,
  type StaffMember,
} from './board-text';
import { timeView, type TimeValue, type TimeView } from './board-time';
import { renderShellPage } from '../shell/page-shell';

function wordsOf(lang: BoardLang): BoardText {
  const words = {} as BoardText;
  for (const key of Object.keys(boardEn) as (keyof typeof boardEn)[]) {
    words[key.slice('board.'.length) as BoardWord] = t(lang, key);
  }
  return words;
}

const WORDS: Record<BoardLang, BoardText> = { zh: wordsOf('zh'), en: wordsOf('en') };

/** The board's words in `lang`, from the message catalog. */
export function boardText(lang: BoardLang): BoardText {
  return WORDS[lang];
}

/** What the board's pages tell the one layout (shell/views/layout.eta) and their script. */
export interface ShellModel {
  lang: BoardLang;
  title: string;
  /** Which part of the browser script runs: the task board, the lead page, none (an error page), or the reports page's own script. */
  page: 'board' | 'lead' | 'error' | 'reports';
  me: StaffMe;
  staff: StaffMember[];
  /** The page's own language-switch target (without lang). */
  path: string;
  /** Extra data for the browser script (the lead page's task, for instance). */
  data?: Record<string, unknown>;
  /** Appended to the asset URLs so a new deploy is not served stale files. */
  assetVersion?: string;
  /** The tab the board opens on without ?tab= (board-links.ts defaultTabFor). */
  defaultTab?: BoardTab;
}

/**
 * Helpers every board template may call besides `it.t`: labels of data
 * values (a status, a channel), times, all plain text the template escapes.
 */
function helpers(lang: BoardLang) {
  const text = WORDS[lang];
  return {
    label: (prefix: string, value: string | null | undefined) => label(text, prefix, value),
    /** The value as text, or a dash when there is none. */
    show: (value: unknown): string => (value === null || value === undefined || value === '' ? text.none : String(value)),
    time: (value: TimeValue): TimeView | null => timeView(value, lang),
    around,
    withLang: (path: string) => withLang(path, lang),
    leadPath: leadPagePath,
  };
}

export type BoardHelpers = ReturnType<typeof helpers>;

/** Renders a board page template (board/views/<name>.eta): `model` plus the helpers, inside the one layout. */
export function renderBoardView<T extends object>(name: string, shell: ShellModel, model: T): string {
  // Owners are shown by display name; the API and the data keep logins.
  const h = { ...helpers(shell.lang), nameOf: (login: string | null | undefined) => displayNameOf(shell.staff, login) };
  const data = {
    lang: shell.lang,
    page: shell.page,
    me: shell.me,
    staff: shell.staff,
    text: WORDS[shell.lang],
    defaultTab: shell.defaultTab ?? DEFAULT_TAB,
    ...shell.data,
  };
  return renderShellPage(
    `board/views/${name}`,
    {
      lang: shell.lang,
      title: shell.title,
      page: shell.page,
      me: { name: shell.me.name, displayName: shell.me.displayName, role: accountRoleOf(shell.me) },
      path: shell.path,
      data,
      assetVersion: shell.assetVersion,
    },
    // The staff list: the reports page's owner picker reads it, like the script's data.
    { ...model, h, staff: shell.staff },
  );
}
