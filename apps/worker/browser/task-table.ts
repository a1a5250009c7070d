import { emailBreak, leadPageHref, mailtoHref, telHref } from '../src/admin/board/board-links';
import { label, say } from '../src/admin/board/board-text';
import { isActive, taskActions } from '../src/admin/board/task-actions';
import type { BoardTask } from './api-client';
import type { BoardContext } from './board-data';
import { el } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import type { TimeFormat } from './time-format';

/** The address may break after the @ rather than anywhere in it. */
function emailLink(email: string): HTMLAnchorElement {
  const link = el('a', { class: 'contact-link mail', href: mailtoHref(email) });
  const parts = emailBreak(email);
  if (!parts) link.textContent = email;
  else link.append(parts[0], el('wbr'), parts[1]);
  return link;
}

/** One board row (a table row on a desk, a card on a phone), built from the API's task: text only, never markup. */
export function taskRow(task: BoardTask, ctx: BoardContext, format: TimeFormat, runner: TaskActionRunner): HTMLTableRowElement {
  const { text } = ctx;
  const lead = task.lead || {};
  const active = isActive(task.status);
  const tr = el('tr', {
    class: `task status-${task.status}`,
    'data-task-row': true,
    'data-task-id': task.id,
    'data-status': task.status,
  });

  const due = el('td', { class: 'c-due', 'data-label': text.col_due });
  if (active) {
    due.appendChild(el('span', { class: 'countdown', 'data-due': task.dueAt }));
    due.appendChild(el('span', { class: 'due-at muted', text: say(text, 'dueAt', { time: format.short(task.dueAt) }) }));
  } else if (task.status === 'done') {
    due.appendChild(
      el('span', { class: 'done-at', text: say(text, 'doneAt', { time: format.short(task.doneAt || task.updatedAt) }) }),
    );
  } else {
    due.appendChild(el('span', { class: 'muted', text: say(text, 'dueAt', { time: format.short(task.dueAt) }) }));
  }
  tr.appendChild(due);

  const href = leadPageHref(task.leadId || lead.id || '', ctx.lang);
  tr.appendChild(
    el(
      'td',
      { class: 'c-lead', 'data-label': text.col_lead },
      el('a', { class: 'lead-link', href, text: lead.name || text.none }),
      lead.company ? el('span', { class: 'company', text: lead.company }) : null,
    ),
  );

  const contact = el('td', { class: 'c-contact', 'data-label': text.col_contact });
  const tel = lead.phone ? telHref(lead.phone) : null;
  if (tel) contact.appendChild(el('a', { class: 'contact-link tel', href: tel, text: lead.phone }));
  if (lead.email) contact.appendChild(emailLink(lead.email));
  if (!tel && !lead.email) contact.appendChild(document.createTextNode(text.none));
  tr.appendChild(contact);

  tr.appendChild(
    el(
      'td',
      { class: 'c-status', 'data-label': text.col_status },
      el('span', { class: `badge status-${task.status}`, text: label(text, 'status_', task.status) }),
      el('span', {
        class: 'assignee' + (task.assignee ? '' : ' nobody'),
        title: task.assignee,
        text: task.assignee ? task.assigneeName || runner.nameOf(task.assignee) || task.assignee : text.nobody,
      }),
    ),
  );

  tr.appendChild(
    el(
      'td',
      { class: 'c-note', 'data-label': text.col_note },
      task.note
        ? el('span', { class: 'note-text', title: task.note, text: task.note })
        : el('span', { class: 'muted', text: text.none }),
    ),
  );

  const actions = el('div', { class: 'actions' });
  for (const action of taskActions(task, ctx.me.name)) {
    if (action === 'assign') {
      const select = el('select', { 'data-action': 'assign', 'aria-label': `${text.assignTo} · ${lead.name || ''}` });
      runner.fillAssignees(select, task.assignee);
      actions.appendChild(el('label', { class: 'assign' }, el('span', { class: 'assign-label', text: text.assignTo }), select));
    } else {
      actions.appendChild(
        el('button', { type: 'button', class: BUTTON_CLASS[action], 'data-action': action, text: text[BUTTON_WORD[action]] }),
      );
    }
  }
  actions.appendChild(el('a', { class: 'btn link details', href, text: text.details }));
  tr.appendChild(el('td', { class: 'c-actions', 'data-label': text.col_actions }, actions));
  return tr;
}

const BUTTON_CLASS = { claim: 'btn primary', done: 'btn done', note: 'btn', reopen: 'btn' } as const;
const BUTTON_WORD = { claim: 'claim', done: 'markDone', note: 'addNote', reopen: 'reopen' } as const;
