import { historyActor } from '../src/admin/board/history-words';
import { label, say } from '../src/admin/board/board-text';
import type { ApiClient } from './api-client';
import type { BoardContext, TaskRef } from './board-data';
import type { Dialog } from './dialog';
import { byId, el } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import { parseTime, type TimeFormat } from './time-format';
import { flash, toast } from './toast';

/** POST /admin/leads/:id/contacts's answer. */
interface ContactAttempt {
  id: string;
  result: string;
  note: string | null;
  by: string;
  at: string;
  firstTouch: boolean;
}

interface Parts {
  ctx: BoardContext;
  api: ApiClient;
  dialog: Dialog;
  runner: TaskActionRunner;
  format: TimeFormat;
  tick: () => void;
  leadId: string | null;
  task: TaskRef | null;
}

/**
 * GET /admin/board/leads/:id: the page is rendered on the server; this runs
 * its buttons (the task's actions, resend, erase) and reloads the page after
 * each, so the history and the delivery log show the change.
 */
export function startLead({ ctx, api, dialog, runner, format, tick, leadId, task }: Parts): void {
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

  /** The attempt as the last row of the history (oldest first, as the server lists it), built from text only. */
  function addHistoryRow(attempt: ContactAttempt): void {
    const table = main.querySelector<HTMLTableElement>('table.history');
    if (!table) return;
    const cell = (word: string, ...children: (Node | string)[]) =>
      el('td', { 'data-label': word }, el('div', { class: 'cv' }, ...children));
    const at = el('time', { datetime: attempt.at, 'data-local': true, text: attempt.at });
    const row = el(
      'tr',
      { 'data-contact-row': attempt.result },
      cell(text.h_at, at),
      cell(
        text.h_actor,
        historyActor(attempt.by, text, (login) => runner.nameOf(login) || login),
      ),
      cell(text.h_action, label(text, 'action_', `contact_${attempt.result}`)),
      cell(text.h_from, ''),
      cell(text.h_to, ''),
      cell(text.h_note, attempt.note || text.none),
    );
    table.tBodies[0].appendChild(row);
    format.localize(row);
    table.hidden = false;
    byId('no-history').hidden = true;
  }

  /** The first attempt is the lead's first touch: the waiting line becomes "responded in …". */
  function touched(attempt: ContactAttempt): void {
    if (!attempt.firstTouch) return;
    for (const node of Array.from(main.querySelectorAll<HTMLElement>('[data-first-touch]'))) {
      if (!node.getAttribute('data-touched')) node.setAttribute('data-touched', String(parseTime(attempt.at) ?? Date.now()));
    }
    tick();
  }

  /** 已接通 / 未接通 / 号码错误 / 已发消息: one tap, no dialog, no reload. */
  async function logContact(result: string): Promise<void> {
    const attempt = await api.call<ContactAttempt>('POST', `${leadUrl}/contacts`, { result });
    addHistoryRow(attempt);
    touched(attempt);
    toast(say(text, 'contactLogged', { result: label(text, 'action_', `contact_${attempt.result}`) }));
  }

  main.addEventListener('click', (e) => {
    const contact = (e.target as Element).closest<HTMLButtonElement>('button[data-contact]');
    if (contact && !contact.disabled) {
      contact.disabled = true;
      logContact(contact.getAttribute('data-contact') || '')
        .catch(fail)
        .finally(() => {
          contact.disabled = false;
        });
      return;
    }
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
