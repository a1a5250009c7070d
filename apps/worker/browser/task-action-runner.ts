import { displayNameOf, say } from '../src/admin/board/board-text';
import { isOutcome, outcomeOptions } from '../src/admin/board/outcomes';
import { assigneeChoices } from '../src/admin/board/task-actions';
import { saysWhatCameOfIt } from '../src/admin/task-transitions';
import type { ApiClient, TaskChange } from './api-client';
import { apiErrorText } from './api-error-text';
import type { BoardContext, TaskRef } from './board-data';
import type { Dialog } from './dialog';
import { clear, el } from './dom';

/**
 * Runs the task actions of a board row or the lead page: asks what needs
 * asking, sends the change, and answers with the message to show (null when
 * the user backed out).
 */
export class TaskActionRunner {
  constructor(
    private readonly ctx: BoardContext,
    private readonly api: ApiClient,
    private readonly dialog: Dialog,
  ) {}

  async run(action: string, task: TaskRef, value?: string): Promise<string | null> {
    const { text } = this.ctx;
    switch (action) {
      case 'claim': {
        if (task.assignee && task.assignee !== this.ctx.me.name) {
          const ok = await this.dialog.ask({
            title: text.claimTitle,
            text: say(text, 'claimOther', { name: task.assigneeName || this.nameOf(task.assignee) || task.assignee }),
            okText: text.claim,
          });
          if (!ok) return null;
        }
        const change: TaskChange = { assignee: this.ctx.me.name };
        // in_progress -> in_progress is no transition: only taking it over.
        if (task.status !== 'in_progress') change.status = 'in_progress';
        await this.api.patchTask(task.id, change);
        return text.claimed;
      }
      case 'start':
        // Already this person's: only the status changes.
        await this.api.patchTask(task.id, { status: 'in_progress' });
        return text.started;
      case 'assign': {
        const assignee = value ? value : null;
        await this.api.patchTask(task.id, { assignee });
        return assignee ? say(text, 'assigned', { name: this.nameOf(assignee) || assignee }) : text.unassignedDone;
      }
      case 'note': {
        const note = await this.dialog.ask({
          title: text.noteTitle,
          label: text.noteLabel,
          placeholder: text.notePlaceholder,
          required: true,
          requiredMsg: text.noteRequired,
          okText: text.save,
        });
        if (typeof note !== 'string') return null;
        await this.api.patchTask(task.id, { note });
        return text.saved;
      }
      case 'done': {
        // What came of it, in one tap, and what was agreed: the API closes a task with either (or both).
        const answer = await this.dialog.askWithChoice({
          title: text.doneTitle,
          choice: { label: text.e_outcome, options: outcomeOptions(text) },
          label: text.doneLabel,
          placeholder: text.donePlaceholder,
          missing: (note, outcome) => (saysWhatCameOfIt({ note, outcome }) ? null : text.doneRequired),
          okText: text.markDone,
        });
        if (!answer) return null;
        const change: TaskChange = { status: 'done' };
        if (answer.text) change.note = answer.text;
        if (isOutcome(answer.choice)) change.outcome = answer.choice;
        await this.api.patchTask(task.id, change);
        return text.markedDone;
      }
      case 'reopen':
        await this.api.patchTask(task.id, { status: 'open' });
        return text.reopened;
      default:
        return null;
    }
  }

  /** What to tell the user about a failed action, in their language. */
  failureMessage(err: unknown): string {
    const { text } = this.ctx;
    const reason = apiErrorText(err, text);
    // A conflict or a lost connection says it all; otherwise "that did not work: why".
    return reason === text.conflict || reason === text.network ? reason : say(text, 'failed', { msg: reason });
  }

  /** The display name of a login, from the accounts the page knows (the login when unknown). */
  nameOf(login: string | null | undefined): string | null {
    if (login && login === this.ctx.me.name && this.ctx.me.displayName) return this.ctx.me.displayName;
    return displayNameOf(this.ctx.staff, login);
  }

  /** Fills an assignee <select>: nobody, every account that can take a task (by display name), the current owner selected. */
  fillAssignees(select: HTMLSelectElement, current: string | null): void {
    clear(select);
    select.appendChild(el('option', { value: '', text: this.ctx.text.nobody }));
    const logins = this.ctx.staff.map((s) => s.name);
    for (const login of assigneeChoices([...logins, this.ctx.me.name], current)) {
      const option = el('option', { value: login, text: this.nameOf(login) || login });
      if (login === current) option.selected = true;
      select.appendChild(option);
    }
    select.value = current || '';
    select.setAttribute('data-current', current || '');
  }

  /** Takes who is signed in and the accounts that can be assigned from GET /admin/me, unless the page already listed them. */
  async refreshStaff(): Promise<boolean> {
    if (this.ctx.staff.length) return false;
    const me = await this.api.me();
    if (me.name) {
      this.ctx.me = {
        ...this.ctx.me,
        name: me.name,
        role: me.role === 'admin' ? 'admin' : 'staff',
        accountRole: me.accountRole,
        displayName: me.displayName,
      };
    }
    if (Array.isArray(me.team)) this.ctx.staff = me.team.map((p) => ({ name: p.login, displayName: p.name }));
    return true;
  }
}
