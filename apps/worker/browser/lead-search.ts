import { leadPageHref, readablePhone } from '../src/admin/board/board-links';
import { label, say } from '../src/admin/board/board-text';
import type { ApiClient } from './api-client';
import type { BoardContext } from './board-data';
import { byId, clear, el } from './dom';
import type { TaskActionRunner } from './task-action-runner';
import type { TimeFormat } from './time-format';
import { toast } from './toast';

/** One hit of GET /admin/search. */
interface SearchHit {
  id: string;
  receivedAt: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  taskStatus: string | null;
  owner: string | null;
  quarantined: boolean;
}

/** Typing pauses this long before the board asks: one request per thought, not per key. */
const DEBOUNCE_MS = 300;
/** The API's shortest query (a Chinese word of two characters). */
const MIN_CHARS = 2;

/**
 * The board's search box: after a pause in typing, GET /admin/search?q=
 * and the matching leads (name, company, phone, received, owner, status),
 * each linking to its lead page. The API decides what a salesperson sees.
 */
export function startLeadSearch(ctx: BoardContext, api: ApiClient, format: TimeFormat, runner: TaskActionRunner): void {
  const input = byId<HTMLInputElement>('search-q');
  const section = byId('search-results');
  const list = byId<HTMLUListElement>('search-list');
  const empty = byId('search-empty');
  const { text } = ctx;
  let timer: number | undefined;
  let seq = 0;

  function item(hit: SearchHit): HTMLLIElement {
    const status = hit.quarantined ? text.tab_spam : label(text, 'status_', hit.taskStatus);
    const owner = hit.owner ? runner.nameOf(hit.owner) || hit.owner : text.nobody;
    return el(
      'li',
      { 'data-lead-id': hit.id },
      el('a', { class: 'lead-link', href: leadPageHref(hit.id, ctx.lang), text: hit.name || text.none }),
      hit.company ? el('span', { class: 'company', text: ` · ${hit.company}` }) : null,
      el('span', {
        class: 'meta',
        text: [hit.phone ? readablePhone(hit.phone) : null, format.short(hit.receivedAt), owner, status]
          .filter(Boolean)
          .join(' · '),
      }),
    );
  }

  async function search(q: string): Promise<void> {
    const mine = ++seq;
    section.setAttribute('aria-busy', 'true');
    try {
      const page = await api.call<{ items: SearchHit[] }>('GET', `/admin/search?q=${encodeURIComponent(q)}&limit=20`);
      if (mine !== seq) return;
      clear(list);
      for (const hit of page.items) list.appendChild(item(hit));
      empty.hidden = page.items.length > 0;
      section.hidden = false;
    } catch (err) {
      if (mine === seq) toast(say(text, 'loadFailed', { msg: runner.failureMessage(err) }), true);
    } finally {
      if (mine === seq) section.setAttribute('aria-busy', 'false');
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) {
      // Too short to ask: the answers of a longer query are no longer the question's.
      seq++;
      section.hidden = true;
      return;
    }
    timer = window.setTimeout(() => void search(q), DEBOUNCE_MS);
  });
  byId('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(timer);
    const q = input.value.trim();
    if (q.length >= MIN_CHARS) void search(q);
  });
}
