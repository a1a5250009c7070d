import type { BoardTab } from '../src/admin/board/board-links';
import { say } from '../src/admin/board/board-text';
import type { ApiClient, BoardTask, TaskPage } from './api-client';
import { apiErrorText } from './api-error-text';
import type { BoardContext } from './board-data';
import type { Dialog } from './dialog';
import { byId, clear } from './dom';
import { startDutyToggle } from './duty-toggle';
import { FormFilter } from './form-filter';
import { startLeadSearch } from './lead-search';
import { SpamList } from './spam-list';
import { Tabs } from './tabs';
import type { TaskActionRunner } from './task-action-runner';
import { taskRow } from './task-table';
import type { TimeFormat } from './time-format';
import { toast } from './toast';
import { refreshWorkload } from './workload-table';

const REFRESH_MS = 30_000;

interface Parts {
  ctx: BoardContext;
  api: ApiClient;
  dialog: Dialog;
  runner: TaskActionRunner;
  format: TimeFormat;
  tick: () => void;
}

function tasksUrl(tab: BoardTab, me: string, limit: number, cursor: string | null, form: string): string {
  const p = new URLSearchParams();
  if (form) p.set('form', form);
  if (tab === 'mine') p.set('assignee', me);
  if (tab === 'unassigned') p.set('unassigned', 'true');
  if (tab === 'overdue') p.set('overdue', 'true');
  // Open and in-progress tasks due between midnight and midnight in the business zone.
  if (tab === 'dueToday') p.set('dueToday', 'true');
  // doneToday alone: done tasks finished since midnight (China time).
  if (tab === 'doneToday') p.set('doneToday', 'true');
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return `/admin/tasks?${p.toString()}`;
}

/**
 * GET /admin: loads the chosen tab's tasks, counts the overdue and
 * unassigned ones (and, for managers, each person's), refreshes every 30 s
 * unless someone is busy on the page, runs each row's actions and the
 * on-duty switch.
 */
export function startBoard({ ctx, api, dialog, runner, format, tick }: Parts): void {
  const rows = byId<HTMLTableSectionElement>('task-rows');
  const panel = byId('tasks');
  const empty = byId('empty');
  const loadingEl = byId('loading');
  const more = byId<HTMLButtonElement>('more');
  const updated = byId('updated');
  const tablist = document.querySelector<HTMLElement>('[role=tablist]');
  if (!tablist) throw new Error('the board has no tab list');
  let items: BoardTask[] = [];
  let byTaskId = new Map<string, BoardTask>();
  let cursor: string | null = null;
  let seq = 0;
  let lastLoad = 0;
  let busy = 0;

  function render(): void {
    const fragment = document.createDocumentFragment();
    byTaskId = new Map(items.map((task) => [task.id, task]));
    for (const task of items) fragment.appendChild(taskRow(task, ctx, format, runner));
    clear(rows);
    rows.appendChild(fragment);
    const tab = tabs.current;
    empty.textContent = tab === 'spam' ? ctx.text.emptySpam : ctx.text[`empty_${tab}`];
    empty.hidden = items.length > 0;
    (rows.parentNode as HTMLElement).hidden = items.length === 0;
    more.hidden = !cursor;
    tick();
  }

  async function load(reset: boolean): Promise<void> {
    const mine = ++seq;
    const limit = reset ? Math.min(200, Math.max(50, items.length)) : 50;
    panel.setAttribute('aria-busy', 'true');
    if (reset && items.length === 0) loadingEl.hidden = false;
    try {
      const page = await api.call<TaskPage>(
        'GET',
        tasksUrl(tabs.current, ctx.me.name, limit, reset ? null : cursor, forms.current),
      );
      if (mine !== seq) return;
      items = reset ? page.items : items.concat(page.items);
      cursor = page.nextCursor || null;
      lastLoad = Date.now();
      updated.textContent = say(ctx.text, 'updatedAt', { time: format.clock(new Date()) });
      render();
    } catch (err) {
      if (mine !== seq) return;
      toast(say(ctx.text, 'loadFailed', { msg: apiErrorText(err, ctx.text) }), true);
    } finally {
      if (mine === seq) {
        loadingEl.hidden = true;
        panel.setAttribute('aria-busy', 'false');
      }
    }
  }

  function counts(): void {
    for (const which of ['overdue', 'unassigned'] as const) {
      api
        .call<TaskPage>('GET', tasksUrl(which, ctx.me.name, 200, null, forms.current))
        .then((page) => {
          const badge = document.querySelector<HTMLElement>(`[data-count="${which}"]`);
          if (!badge) return;
          const n = page.items.length;
          badge.textContent = n === 0 ? '' : page.nextCursor ? `${n}+` : String(n);
          badge.hidden = n === 0;
        })
        // A count is a hint: the list itself reports a failing API, so a toast here would say it twice.
        .catch(() => undefined);
    }
  }

  function refresh(): Promise<void> {
    counts();
    // Like the counts, a hint: a failing API shows in the list.
    refreshWorkload(ctx, api).catch(() => undefined);
    return spam && tabs.current === 'spam' ? spam.load() : load(true);
  }

  /** The spam tab shows its own list; every other tab the tasks. */
  function showPanel(): void {
    const onSpam = tabs.current === 'spam';
    panel.hidden = onSpam;
    const spamPanel = document.getElementById('spam-panel');
    if (spamPanel) spamPanel.hidden = !onSpam;
  }

  /** After the list is rebuilt, keyboard focus goes back to the same control of the same task, if it is still there. */
  function restoreFocus(taskId: string, action: string): void {
    const row = rows.querySelector(`[data-task-id="${CSS.escape(taskId)}"]`);
    const target =
      row && (row.querySelector<HTMLElement>(`[data-action="${action}"]`) || row.querySelector<HTMLElement>('.lead-link'));
    if (target) target.focus();
  }

  /**
   * While an action runs its row keeps every control where it is, only
   * disabled (a second tap lands on nothing); the list is rebuilt after.
   */
  function hold(row: HTMLElement, on: boolean): void {
    row.classList.toggle('busy', on);
    row.setAttribute('aria-busy', on ? 'true' : 'false');
    for (const control of Array.from(row.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('button, select'))) {
      control.disabled = on;
    }
  }

  async function act(action: string, row: HTMLElement | null, value?: string): Promise<void> {
    const task = row && byTaskId.get(row.getAttribute('data-task-id') || '');
    if (!row || !task || row.classList.contains('busy')) return;
    busy++;
    hold(row, true);
    try {
      const message = await runner.run(action, task, value);
      if (message) toast(message);
      if (message || action === 'assign') await refresh();
    } catch (err) {
      toast(runner.failureMessage(err), true);
      await refresh();
    } finally {
      busy--;
      hold(row, false);
      restoreFocus(task.id, action);
    }
  }

  const tabs = new Tabs(
    tablist,
    panel,
    () => {
      showPanel();
      if (spam && tabs.current === 'spam') {
        void spam.load();
        return;
      }
      items = [];
      cursor = null;
      render();
      void load(true);
    },
    ctx.defaultTab,
  );
  // One form's tasks (and counts); the spam tab lists held leads of every form.
  const forms = new FormFilter(() => {
    items = [];
    cursor = null;
    if (tabs.current !== 'spam') render();
    void refresh();
  });
  // Only managers' and admins' pages have the spam tab; a lead released from it joins the task list.
  const spam = document.getElementById('spam-panel') ? new SpamList(ctx, api, format, runner, counts) : null;
  startDutyToggle(ctx, api, runner, () => void refresh());
  startLeadSearch(ctx, api, format, runner);

  rows.addEventListener('click', (e) => {
    const button = (e.target as Element).closest('button[data-action]');
    if (button) void act(button.getAttribute('data-action') || '', button.closest<HTMLElement>('[data-task-row]'));
  });
  rows.addEventListener('change', (e) => {
    const select = (e.target as Element).closest<HTMLSelectElement>('select[data-action=assign]');
    if (select) void act('assign', select.closest<HTMLElement>('[data-task-row]'), select.value);
  });
  more.addEventListener('click', () => void load(false));
  byId('refresh').addEventListener('click', () => void refresh());

  // Every 30 s, unless someone is in the middle of something on the page.
  setInterval(() => {
    if (document.hidden || busy > 0 || dialog.open) return;
    if (document.activeElement && document.activeElement.tagName === 'SELECT') return;
    void refresh();
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && Date.now() - lastLoad > REFRESH_MS) void refresh();
  });

  // Who can be assigned comes with the page; ask only if it did not.
  runner
    .refreshStaff()
    .then((changed) => {
      if (changed && items.length) render();
    })
    // Without /admin/me the page keeps what the server rendered it with.
    .catch(() => undefined);

  tabs.select(tabs.current, false);
  showPanel();
  void refresh();
}
