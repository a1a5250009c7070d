import { say } from '../src/admin/board/board-text';
import type { ApiClient, StaffLoad } from './api-client';
import type { BoardContext } from './board-data';
import { clear, el } from './dom';

function countCell(n: number, hot = false): HTMLTableCellElement {
  return el('td', { class: `num${hot && n > 0 ? ' hot' : ''}`, text: String(n) });
}

function loadRow(label: string, load: StaffLoad, attrs: Record<string, string>, extra?: string): HTMLTableRowElement {
  return el(
    'tr',
    attrs,
    el('th', { scope: 'row', text: label }, extra ? el('span', { class: 'muted small', text: ` (${extra})` }) : null),
    countCell(load.open),
    countCell(load.inProgress),
    countCell(load.overdue, true),
  );
}

/**
 * Managers' and admins' view of who carries what: each active person's open,
 * in-progress and overdue tasks, and the unassigned ones, from GET
 * /admin/staff (#workload, rendered only for them). Text only, never markup.
 */
export async function refreshWorkload(ctx: BoardContext, api: ApiClient): Promise<void> {
  const section = document.getElementById('workload');
  const body = document.getElementById('workload-rows');
  if (!section || !body) return;
  const answer = await api.staff();
  const fragment = document.createDocumentFragment();
  for (const p of answer.items) {
    // Someone who left keeps no tasks (hand-over): only the active are listed.
    if (!p.active) continue;
    // Whether round robin gives them leads: someone who receives none is not "off duty", just not in it.
    const state = !p.receivesLeads ? ctx.text.w_noLeads : !p.onDuty ? ctx.text.w_offDuty : undefined;
    fragment.appendChild(loadRow(p.name || p.login, p, { 'data-login': p.login, title: p.login }, state));
  }
  fragment.appendChild(loadRow(say(ctx.text, 'w_unassigned'), answer.unassigned, { 'data-login': '', class: 'unassigned' }));
  clear(body);
  body.appendChild(fragment);
  section.hidden = false;
}
