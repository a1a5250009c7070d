import { DEFAULT_TAB, isBoardTab, type BoardLang, type BoardTab } from '../src/admin/board/board-links';
import type { BoardText, StaffMe, StaffMember } from '../src/admin/board/board-text';

/** The task as the lead page's data names it. */
export interface TaskRef {
  id: string;
  status: string;
  assignee: string | null;
  assigneeName?: string | null;
}

/** What the server puts in the page's `<script type="application/json" id="board-data">`. */
export interface BoardData {
  lang: BoardLang;
  page: 'board' | 'lead' | 'error';
  me: StaffMe;
  staff: StaffMember[];
  text: BoardText;
  /** The tab without ?tab=: "mine" for sales when leads are assigned at arrival. */
  defaultTab?: string;
  leadId?: string | null;
  task?: TaskRef | null;
  /** The forms the board filters by (none when there is only one). */
  forms?: { slug: string; name: string }[];
}

/**
 * What every part of the script shares: the words, the language, who is
 * signed in and who a task can go to (logins with display names, both
 * refreshed from GET /admin/me), and the tab the board opens on.
 */
export interface BoardContext {
  text: BoardText;
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  defaultTab: BoardTab;
  /** More than one form: the board filters by form and each card names its lead's. */
  manyForms: boolean;
}

/** The page's data, or null on a page without it. */
export function readBoardData(doc: Document): BoardData | null {
  const el = doc.getElementById('board-data');
  if (!el) return null;
  return JSON.parse(el.textContent || '{}') as BoardData;
}

export function contextOf(data: BoardData): BoardContext {
  return {
    text: data.text,
    lang: data.lang === 'en' ? 'en' : 'zh',
    me: data.me || { name: '', role: 'staff' },
    staff: data.staff || [],
    defaultTab: isBoardTab(data.defaultTab) ? data.defaultTab : DEFAULT_TAB,
    manyForms: (data.forms ?? []).length > 1,
  };
}
