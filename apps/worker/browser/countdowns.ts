import { say, type BoardText } from '../src/admin/board/board-text';
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
