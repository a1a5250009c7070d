import { say } from '../src/admin/board/board-text';
import { assigneeChoices } from '../src/admin/board/task-actions';
import { ApiError, type ApiClient, type TaskChange } from './api-client';
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
            text: say(text, 'claimOther', { name: task.assignee }),
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
      case 'assign': {
        const assignee = value ? value : null;
        await this.api.patchTask(task.id, { assignee });
        return assignee ? say(text, 'assigned', { name: assignee }) : text.unassignedDone;
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
        const note = await this.dialog.ask({
          title: text.doneTitle,
          label: text.doneLabel,
          placeholder: text.donePlaceholder,
          required: true,
          requiredMsg: text.doneRequired,
          okText: text.markDone,
        });
        if (typeof note !== 'string') return null;
        await this.api.patchTask(task.id, { status: 'done', note });
        return text.markedDone;
      }
      case 'reopen':
        await this.api.patchTask(task.id, { status: 'open' });
        return text.reopened;
      default:
        return null;
    }
  }

  /** What to tell the user about a failed action. */
  failureMessage(err: unknown): string {
    const { text } = this.ctx;
    if (err instanceof ApiError && err.status === 409) return text.conflict;
    if (err instanceof ApiError && err.status === 0) return text.network;
    return say(text, 'failed', { msg: (err instanceof Error && err.message) || '?' });
  }

  /** Fills an assignee <select>: nobody, everyone who can take a task, the current assignee selected. */
  fillAssignees(select: HTMLSelectElement, current: string | null): void {
    clear(select);
    select.appendChild(el('option', { value: '', text: this.ctx.text.nobody }));
    for (const name of assigneeChoices([...this.ctx.staff, this.ctx.me.name], current)) {
      const option = el('option', { value: name, text: name });
      if (name === current) option.selected = true;
      select.appendChild(option);
    }
    select.value = current || '';
    select.setAttribute('data-current', current || '');
  }

  /** Takes who is signed in and who can be assigned from GET /admin/me, unless the page already named the staff. */
  async refreshStaff(): Promise<boolean> {
    if (this.ctx.staff.length) return false;
    const me = await this.api.me();
    if (me.name) this.ctx.me = { name: me.name, role: me.role === 'admin' ? 'admin' : 'staff' };
    if (Array.isArray(me.staff)) this.ctx.staff = me.staff.map((s) => s.name);
    return true;
  }
}
