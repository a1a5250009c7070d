import { say, type BoardText, type BoardWord } from './board-text';

/**
 * The spam scorer's reason codes (`links:3`, `shortener:bit.ly`,
 * `phrases:外链|排名`, `bayes:0.97(seo|外链)`) as words staff read: the code
 * names the catalog's `reason_<code>`, the part after the colon fills `{v}`.
 * An unknown code is shown as it is. Pure, so the browser script uses it.
 */
export function reasonText(text: BoardText, reason: string): string {
  const colon = reason.indexOf(':');
  const code = colon < 0 ? reason : reason.slice(0, colon);
  const value = colon < 0 ? '' : reason.slice(colon + 1).replace(/\|/g, ', ');
  const key = `reason_${code.replace(/-/g, '_')}`;
  // hasOwnProperty rather than Object.hasOwn: the browser bundle targets ES2018.
  if (!/^[a-z-]+$/.test(code) || !Object.prototype.hasOwnProperty.call(text, key)) return reason;
  return say(text, key as BoardWord, { v: value });
}
