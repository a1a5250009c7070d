import { escapeHtml, shell } from './board-html';
import { BOARD_TEXT, BoardLang, StaffMe, StaffMember } from './board-text';

export interface BoardPageOptions {
  lang: BoardLang;
  me: StaffMe;
  staff: StaffMember[];
  assetVersion?: string;
}

/** The filters, in the order of the tabs; `open` (every open or in-progress task) is the default. */
export const BOARD_TABS = ['mine', 'unassigned', 'overdue', 'doneToday', 'open'] as const;

/**
 * GET /admin: the task board. The page is a shell; board.js loads the tasks
 * from GET /admin/tasks, keeps the countdowns ticking every second, refreshes
 * the list every 30 s, and sends the claim/assign/note/done/reopen actions to
 * PATCH /admin/tasks/:id. One table: a table on a desk, cards on a phone.
 */
export function renderBoardPage(opts: BoardPageOptions): string {
  const t = BOARD_TEXT[opts.lang];
  const tabs = BOARD_TABS.map(
    (tab) =>
      `<button type="button" role="tab" class="tab" id="tab-${tab}" data-tab="${tab}" aria-selected="false" aria-controls="tasks">` +
      `${escapeHtml(t[`tab_${tab}`])}<span class="count" data-count="${tab}" hidden></span></button>`,
  ).join('\n');
  const main = `<div class="board-head">
<h1>${escapeHtml(t.boardTitle)}</h1>
<div class="board-tools">
<span class="updated" id="updated" aria-live="off"></span>
<button type="button" class="btn small" id="refresh">${escapeHtml(t.refresh)}</button>
</div>
</div>
<div class="tabs" role="tablist" aria-label="${escapeHtml(t.tabsLabel)}">
${tabs}
</div>
<section id="tasks" role="tabpanel" aria-labelledby="tab-open" aria-busy="true">
<table class="tasks">
<thead><tr>
<th scope="col">${escapeHtml(t.col_due)}</th>
<th scope="col">${escapeHtml(t.col_lead)}</th>
<th scope="col">${escapeHtml(t.col_contact)}</th>
<th scope="col">${escapeHtml(t.col_status)}</th>
<th scope="col">${escapeHtml(t.col_note)}</th>
<th scope="col">${escapeHtml(t.col_actions)}</th>
</tr></thead>
<tbody id="task-rows"></tbody>
</table>
<p class="empty" id="empty" hidden></p>
<p class="loading" id="loading">${escapeHtml(t.loading)}</p>
<p class="more"><button type="button" class="btn" id="more" hidden>${escapeHtml(t.loadMore)}</button></p>
</section>
<noscript><p class="banner error">This page needs JavaScript. / 此页面需要启用 JavaScript。</p></noscript>`;
  return shell({
    lang: opts.lang,
    title: t.boardTitle,
    page: 'board',
    me: opts.me,
    staff: opts.staff,
    path: '/admin',
    main,
    assetVersion: opts.assetVersion,
  });
}
