import type { ApiClient } from './api-client';
import type { BoardContext, TaskRef } from './board-data';
import type { Dialog } from './dialog';
import { byId } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import { flash, toast } from './toast';

interface Parts {
  ctx: BoardContext;
  api: ApiClient;
  dialog: Dialog;
  runner: TaskActionRunner;
  leadId: string | null;
  task: TaskRef | null;
}

/**
 * GET /admin/board/leads/:id: the page is rendered on the server; this runs
 * its buttons (the task's actions, resend, erase) and reloads the page after
 * each, so the history and the delivery log show the change.
 */
export function startLead({ ctx, api, dialog, runner, leadId, task }: Parts): void {
  const main = byId('main');
  const { text } = ctx;
  const leadUrl = `/admin/leads/${encodeURIComponent(leadId ?? '')}`;

  function done(message: string | null): void {
    if (!message) return;
    flash(message);
    // After an erasure the page starts with what matters: the notice at the top.
    if (message === text.erased) window.scrollTo(0, 0);
    location.reload();
  }

  function fail(err: unknown): void {
    toast(runner.failureMessage(err), true);
  }

  function fillSelects(): void {
    for (const select of Array.from(main.querySelectorAll<HTMLSelectElement>('select[data-action=assign]'))) {
      runner.fillAssignees(select, task ? task.assignee : null);
    }
  }

  async function resend(): Promise<string | null> {
    if (!(await dialog.ask({ title: text.resendTitle, text: text.resendText, okText: text.resend }))) return null;
    await api.call('POST', `${leadUrl}/resend`, {});
    return text.resendQueued;
  }

  async function erase(): Promise<string | null> {
    if (!(await dialog.ask({ title: text.eraseTitle, text: text.eraseText, okText: text.eraseConfirm, danger: true })))
      return null;
    await api.call('DELETE', leadUrl);
    return text.erased;
  }

  main.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.getAttribute('data-action');
    let run: Promise<string | null>;
    if (action === 'resend') run = resend();
    else if (action === 'erase') run = erase();
    else if (task && action) run = runner.run(action, task);
    else return;
    button.disabled = true;
    run.then(done, fail).finally(() => {
      button.disabled = false;
    });
  });

  main.addEventListener('change', (e) => {
    const select = (e.target as Element).closest<HTMLSelectElement>('select[data-action=assign]');
    if (!select || !task) return;
    select.disabled = true;
    runner.run('assign', task, select.value).then(done, (err: unknown) => {
      select.value = select.getAttribute('data-current') || '';
      select.disabled = false;
      fail(err);
    });
  });

  if (task) {
    fillSelects();
    runner
      .refreshStaff()
      .then((changed) => {
        if (changed) fillSelects();
      })
      // Without /admin/me the selects keep the names the server rendered.
      .catch(() => undefined);
  }
}
