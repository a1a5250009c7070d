import { TASK_OUTCOMES } from '../../data/follow-up-task';
import { label, type BoardText } from './board-text';

/**
 * The outcomes a done task may carry (成交, 有意向, …), in the order the
 * done dialog offers them, with their words. Pure, so the browser script
 * uses it too.
 */
export const OUTCOMES = TASK_OUTCOMES;

/** The done dialog's options: "not now" first (no outcome sent), then each outcome. */
export function outcomeOptions(text: BoardText): { value: string; text: string }[] {
  return [{ value: '', text: text.outcomeNone }, ...OUTCOMES.map((o) => ({ value: o, text: label(text, 'outcome_', o) }))];
}

/** Whether `value` is one of the outcomes. */
export function isOutcome(value: unknown): value is (typeof OUTCOMES)[number] {
  return (OUTCOMES as readonly unknown[]).includes(value);
}
