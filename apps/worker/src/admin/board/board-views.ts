import { join } from 'node:path';
import { t } from '@app/contracts';
import { Views } from '@app/views';
import { boardEn } from '@app/contracts/i18n/board.messages';
import { type BoardLang, type BoardTab, BOARD_PATH, DEFAULT_TAB, leadPagePath, withLang } from './board-links';
import {
  accountRoleOf,
  around,
  displayNameOf,
  label,
  say,
  type BoardText,
  type BoardWord,
  type StaffMe,
  type StaffMember,
} from './board-text';
import { timeView, type TimeValue, type TimeView } from './board-time';
import { mayUse, type PageAction } from './role-rules';

const views = new Views(join(__dirname, 'views'));

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

/**
 * JSON for a `<script type="application/json">` element: nothing in it can
 * close the element or start a comment, whatever a lead's name contains.
 * The one value the board's views write raw (`<%~ %>`): JSON inside a
 * script element is not HTML, so entity-escaping would corrupt it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** What the common page (layout.eta) needs. */
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

/** Helpers every board template may call: words, labels and times, all plain text the template escapes. */
function helpers(lang: BoardLang) {
  const text = WORDS[lang];
  return {
    text,
    say: (key: BoardWord, params?: Record<string, string | number>) => say(text, key, params),
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

/** Renders a board page template: `model` plus the helpers, inside layout.eta. */
export function renderBoardView<T extends object>(name: string, shell: ShellModel, model: T): string {
  // Owners are shown by display name; the API and the data keep logins.
  const h = { ...helpers(shell.lang), nameOf: (login: string | null | undefined) => displayNameOf(shell.staff, login) };
  const otherLang = h.text.otherLangCode === 'en' ? 'en' : 'zh';
  const defaultTab = shell.defaultTab ?? DEFAULT_TAB;
  const data = {
    lang: shell.lang,
    page: shell.page,
    me: shell.me,
    staff: shell.staff,
    text: h.text,
    defaultTab,
    ...shell.data,
  };
  const role = accountRoleOf(shell.me);
  return views.render(name, {
    ...model,
    h,
    shell: {
      ...shell,
      role,
      /** Whether the signed-in role may use a page action (role-rules.ts): the nav shows only those. */
      may: (action: PageAction) => mayUse(role, action),
      home: withLang(BOARD_PATH, shell.lang),
      otherLang,
      otherHref: withLang(shell.path, otherLang),
      assetQuery: shell.assetVersion ? `?v=${encodeURIComponent(shell.assetVersion)}` : '',
      dataJson: scriptJson(data),
    },
  });
}
