import { say, type BoardText } from '../src/admin/board/board-text';
import { firstTouchView } from '../src/admin/board/first-touch';
import { parseTime, type TimeFormat } from './time-format';

const SOON_MS = 10 * 60 * 1000;

/**
 * Brings every countdown ([data-due]) up to now: time left or overdue, and
 * the overdue / due-soon marks on its task row.
 */
export function tickCountdowns(root: ParentNode, text: BoardText, format: TimeFormat): void {
  const now = Date.now();
  for (const node of Array.from(root.querySelectorAll<HTMLElement>('[data-due]'))) {
    const due = parseTime(node.getAttribute('data-due'));
    if (due === null) continue;
    const left = due - now;
    const overdue = left < 0;
    const shown = overdue
      ? say(text, 'overdueBy', { t: format.duration(left, false) })
      : say(text, 'dueIn', { t: format.duration(left, true) });
    if (node.textContent !== shown) node.textContent = shown;
    node.classList.toggle('is-overdue', overdue);
    node.classList.toggle('is-soon', !overdue && left < SOON_MS);
    const row = node.closest('[data-task-row]');
    if (row) {
      row.classList.toggle('overdue', overdue);
      row.classList.toggle('soon', !overdue && left < SOON_MS);
    }
  }
}

const numberOr = (value: string | null): number | null => (value === null || value === '' ? null : Number(value));

/**
 * Brings every first-touch line ([data-first-touch]) up to now: the time a
 * lead has waited for anyone to act on it grows, and turns red once late.
 */
export function tickFirstTouches(root: ParentNode, text: BoardText): void {
  const now = Date.now();
  for (const node of Array.from(root.querySelectorAll<HTMLElement>('[data-first-touch]'))) {
    const view = firstTouchView(
      {
        receivedAt: numberOr(node.getAttribute('data-received')),
        touchedAt: numberOr(node.getAttribute('data-touched')),
        responseSeconds: numberOr(node.getAttribute('data-response-seconds')),
        lateAt: numberOr(node.getAttribute('data-late-at')),
      },
      now,
      text,
    );
    if (!view) continue;
    if (node.textContent !== view.text) node.textContent = view.text;
    node.classList.toggle('responded', view.responded);
    node.classList.toggle('not-responded', !view.responded);
    node.classList.toggle('late', view.late);
  }
}
