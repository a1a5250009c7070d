import { leadPageHref } from '../src/admin/board/board-links';
import { say } from '../src/admin/board/board-text';
import { reasonText } from '../src/admin/board/spam-reasons';
import type { ApiClient } from './api-client';
import type { BoardContext } from './board-data';
import { byId, clear, el } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import type { TimeFormat } from './time-format';
import { toast } from './toast';

/** One lead of GET /admin/spam. */
interface HeldLead {
  id: string;
  receivedAt: string;
  name: string;
  company: string | null;
  requirement: string;
  score: number | null;
  reasons: string[];
}

/**
 * The 垃圾线索 tab (managers and admins): the leads held as spam with their
 * score and reasons in words, and the two verdicts. 不是垃圾 releases the
 * lead (it gets its owner and its alert, and joins the task list); 确认垃圾
 * keeps it out. Either way it leaves this list.
 */
export class SpamList {
  private readonly list = byId<HTMLUListElement>('spam-list');
  private readonly empty = byId('spam-empty');
  private readonly panel = byId('spam-panel');
  private seq = 0;

  constructor(
    private readonly ctx: BoardContext,
    private readonly api: ApiClient,
    private readonly format: TimeFormat,
    private readonly runner: TaskActionRunner,
    private readonly onReleased: () => void,
  ) {
    this.list.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-verdict]');
      const item = button?.closest<HTMLElement>('[data-lead-id]');
      if (button && item && !button.disabled) void this.judge(item, button.getAttribute('data-verdict') === 'not-spam');
    });
  }

  async load(): Promise<void> {
    const mine = ++this.seq;
    this.panel.setAttribute('aria-busy', 'true');
    try {
      const { leads } = await this.api.call<{ leads: HeldLead[] }>('GET', '/admin/spam');
      if (mine !== this.seq) return;
      const fragment = document.createDocumentFragment();
      for (const lead of leads) fragment.appendChild(this.item(lead));
      clear(this.list);
      this.list.appendChild(fragment);
      this.empty.hidden = leads.length > 0;
    } catch (err) {
      if (mine === this.seq) toast(say(this.ctx.text, 'loadFailed', { msg: this.runner.failureMessage(err) }), true);
    } finally {
      if (mine === this.seq) this.panel.setAttribute('aria-busy', 'false');
    }
  }

  private item(lead: HeldLead): HTMLLIElement {
    const { text } = this.ctx;
    return el(
      'li',
      { 'data-lead-id': lead.id },
      el('a', { class: 'lead-link', href: leadPageHref(lead.id, this.ctx.lang), text: lead.name || text.none }),
      lead.company ? el('span', { class: 'company', text: ` · ${lead.company}` }) : null,
      el('span', { class: 'meta', text: `${this.format.short(lead.receivedAt)} · ${this.scoreText(lead.score)}` }),
      lead.requirement ? el('span', { class: 'requirement-lines', title: lead.requirement, text: lead.requirement }) : null,
      el(
        'ul',
        { class: 'reasons', 'aria-label': text.spamReasons },
        ...lead.reasons.map((reason) => el('li', { title: reason, text: reasonText(text, reason) })),
      ),
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'button', class: 'btn primary', 'data-verdict': 'not-spam', text: text.notSpam }),
        el('button', { type: 'button', class: 'btn danger', 'data-verdict': 'spam', text: text.confirmSpam }),
      ),
    );
  }

  private scoreText(score: number | null): string {
    return say(this.ctx.text, 'spamScore', { score: score === null ? this.ctx.text.none : score.toFixed(2) });
  }

  private async judge(item: HTMLElement, notSpam: boolean): Promise<void> {
    const { text } = this.ctx;
    const id = item.getAttribute('data-lead-id') || '';
    const buttons = Array.from(item.querySelectorAll<HTMLButtonElement>('button'));
    for (const b of buttons) b.disabled = true;
    try {
      const url = `/admin/leads/${encodeURIComponent(id)}/${notSpam ? 'not-spam' : 'spam'}`;
      if (notSpam) {
        const result = await this.api.call<{ released: boolean; owner: string | null }>('POST', url);
        toast(
          result.released
            ? say(text, 'releasedTo', { name: this.runner.nameOf(result.owner) || text.nobody })
            : text.releasedAlready,
        );
        this.onReleased();
      } else {
        await this.api.call('POST', url);
        toast(text.markedSpam);
      }
      item.remove();
      this.empty.hidden = this.list.children.length > 0;
    } catch (err) {
      toast(this.runner.failureMessage(err), true);
      for (const b of buttons) b.disabled = false;
    }
  }
}
