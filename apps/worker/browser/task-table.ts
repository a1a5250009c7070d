import { emailBreak, leadPageHref, mailtoHref, telHref } from '../src/admin/board/board-links';
import { accountRoleOf, label, say } from '../src/admin/board/board-text';
import { lateAtOf } from '../src/admin/board/first-touch';
import { leadSource } from '../src/admin/board/lead-source';
import { actionSlots, taskActions } from '../src/admin/board/task-actions';
import type { BoardTask } from './api-client';
import type { BoardContext } from './board-data';
import { el } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import { parseTime, type TimeFormat } from './time-format';

/** The address may break after the @ rather than anywhere in it. */
function emailLink(email: string): HTMLAnchorElement {
  const link = el('a', { class: 'contact-link mail', href: mailtoHref(email) });
  const parts = emailBreak(email);
  if (!parts) link.textContent = email;
  else link.append(parts[0], el('wbr'), parts[1]);
  return link;
}

/**
 * "4 分钟内响应", or "尚未响应 · 已等待 12 分钟" (red once its first-touch
 * target is missed, or with no target its due time): the script's ticker
 * (countdowns.ts) keeps it current from the data-* facts.
 */
function firstTouch(task: BoardTask): HTMLElement | null {
  const received = parseTime(task.lead?.receivedAt);
  if (received === null) return null;
  return el('span', {
    class: 'first-touch',
    'data-first-touch': true,
    'data-received': received,
    'data-touched': parseTime(task.firstTouchAt) ?? '',
    'data-response-seconds': task.responseSeconds ?? '',
    // Only an open task can be late for its first touch; done or cancelled ones are not waiting.
    'data-late-at': lateAtOf({ status: task.status, touchDueAt: parseTime(task.touchDueAt), dueAt: parseTime(task.dueAt) }) ?? '',
  });
}

/**
 * The due cell: a live countdown only while nobody has acted on the lead
 * (open). Once it is claimed or started the clock has done its job: the
 * response time if known and the due time, quietly; done, when it was done.
 */
function dueCell(task: BoardTask, ctx: BoardContext, format: TimeFormat): HTMLTableCellElement {
  const { text } = ctx;
  const due = el('td', { class: 'c-due', 'data-label': text.col_due });
  const dueAt = say(text, 'dueAt', { time: format.short(task.dueAt) });
  if (task.status === 'open') {
    // Two lines, like a claimed card's, so its buttons stay where they are: the due time shows on the countdown.
    due.append(
      el('span', { class: 'countdown', 'data-due': task.dueAt, title: dueAt }),
      firstTouch(task) ?? el('span', { class: 'due-at muted', text: dueAt }),
    );
  } else if (task.status === 'done') {
    const doneAt = say(text, 'doneAt', { time: format.short(task.doneAt || task.updatedAt) });
    due.append(el('span', { class: 'done-at', text: doneAt }), firstTouch(task) ?? '');
  } else {
    due.append(firstTouch(task) ?? '', el('span', { class: 'due-at muted', text: dueAt }));
  }
  return due;
}

/** Who and what: the name (to the lead page), 老客户, the company, two lines of the requirement, the source and (with several forms) the form. */
function leadCell(task: BoardTask, ctx: BoardContext, href: string): HTMLTableCellElement {
  const { text } = ctx;
  const lead = task.lead || {};
  const source = leadSource(lead);
  const sourceName = source.kind === 'utm' ? source.name : source.kind === 'referrer' ? source.host : text.sourceDirect;
  return el(
    'td',
    { class: 'c-lead', 'data-label': text.col_lead },
    el('a', { class: 'lead-link', href, text: lead.name || text.none }),
    lead.returning ? el('span', { class: 'badge returning', text: text.returning }) : null,
    lead.company ? el('span', { class: 'company', text: lead.company }) : null,
    lead.requirement ? el('span', { class: 'requirement-lines', title: lead.requirement, text: lead.requirement }) : null,
    el('span', { class: 'source', text: say(text, 'source', { source: sourceName }) }),
    ctx.manyForms && lead.form
      ? el('span', { class: 'form-name', text: say(text, 'fromForm', { form: lead.form.name || lead.form.slug }) })
      : null,
  );
}

/** One board row (a table row on a desk, a card on a phone), built from the API's task: text only, never markup. */
export function taskRow(task: BoardTask, ctx: BoardContext, format: TimeFormat, runner: TaskActionRunner): HTMLTableRowElement {
  const { text } = ctx;
  const lead = task.lead || {};
  const tr = el('tr', {
    class: `task status-${task.status}`,
    'data-task-row': true,
    'data-task-id': task.id,
    'data-status': task.status,
  });
  tr.appendChild(dueCell(task, ctx, format));

  const href = leadPageHref(task.leadId || lead.id || '', ctx.lang);
  tr.appendChild(leadCell(task, ctx, href));

  const contact = el('td', { class: 'c-contact', 'data-label': text.col_contact });
  const tel = lead.phone ? telHref(lead.phone) : null;
  if (tel) contact.appendChild(el('a', { class: 'contact-link tel', href: tel, text: lead.phoneDisplay || lead.phone }));
  if (lead.email) contact.appendChild(emailLink(lead.email));
  if (!tel && !lead.email) contact.appendChild(document.createTextNode(text.none));
  tr.appendChild(contact);

  tr.appendChild(
    el(
      'td',
      { class: 'c-status', 'data-label': text.col_status },
      el('span', { class: `badge status-${task.status}`, text: label(text, 'status_', task.status) }),
      task.status === 'done' && task.outcome
        ? el('span', { class: `badge outcome outcome-${task.outcome}`, text: label(text, 'outcome_', task.outcome) })
        : null,
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

  // Every control in its own place (ACTION_SLOTS): an empty place keeps its space.
  const slots = el('div', { class: 'actions' });
  for (const action of actionSlots(taskActions(task, ctx.me.name, accountRoleOf(ctx.me)))) {
    if (action === null) {
      slots.appendChild(el('span', { class: 'slot-empty', 'aria-hidden': 'true' }));
    } else if (action === 'assign') {
      const select = el('select', { 'data-action': 'assign', 'aria-label': `${text.assignTo} · ${lead.name || ''}` });
      runner.fillAssignees(select, task.assignee);
      slots.appendChild(el('label', { class: 'assign' }, el('span', { class: 'assign-label', text: text.assignTo }), select));
    } else {
      slots.appendChild(
        el('button', { type: 'button', class: BUTTON_CLASS[action], 'data-action': action, text: text[BUTTON_WORD[action]] }),
      );
    }
  }
  tr.appendChild(
    el(
      'td',
      { class: 'c-actions', 'data-label': text.col_actions },
      slots,
      el('a', { class: 'btn link details', href, text: text.details }),
    ),
  );
  return tr;
}

const BUTTON_CLASS = { claim: 'btn primary', start: 'btn primary', done: 'btn done', note: 'btn', reopen: 'btn' } as const;
const BUTTON_WORD = { claim: 'claim', start: 'start', done: 'markDone', note: 'addNote', reopen: 'reopen' } as const;
