import { say, type BoardText } from './board-text';

/**
 * "4 分钟内响应" or "尚未响应 · 已等待 12 分钟" (red once the first-touch
 * target is missed): how fast someone first acted on a lead, for the board's
 * cards and the lead page. Pure, so the server renders it and the browser
 * script keeps the waiting time ticking.
 */

/** What the first touch is read from; times in epoch milliseconds, null when unknown. */
export interface FirstTouchFacts {
  receivedAt: number | null;
  touchedAt: number | null;
  /** The API's wall-clock response time; preferred over touchedAt - receivedAt. */
  responseSeconds?: number | null;
  /** Past this an untouched lead is late (lateAtOf). */
  lateAt: number | null;
}

/**
 * When an untouched lead turns red: its first-touch target (the API's
 * `touchDueAt`, CLAIM_WITHIN_MINUTES business minutes after arrival), or,
 * with no target (CLAIM_WITHIN_MINUTES=0), its task's due time. Only an open
 * task waits for a first touch; times in epoch milliseconds.
 */
export function lateAtOf(task: { status: string; touchDueAt: number | null; dueAt: number | null }): number | null {
  if (task.status !== 'open') return null;
  return task.touchDueAt ?? task.dueAt;
}

export interface FirstTouchView {
  text: string;
  responded: boolean;
  late: boolean;
}

/** "2 天 3 小时", "1 小时 5 分钟", "12 分钟" or "40 秒" (with seconds under an hour when asked). */
export function durationText(text: BoardText, ms: number, withSeconds: boolean): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (d > 0) {
    parts.push(say(text, 'unit_d', { n: d }));
    if (h > 0) parts.push(say(text, 'unit_h', { n: h }));
  } else if (h > 0) {
    parts.push(say(text, 'unit_h', { n: h }));
    if (m > 0) parts.push(say(text, 'unit_min', { n: m }));
  } else if (m > 0) {
    parts.push(say(text, 'unit_min', { n: m }));
    if (withSeconds) parts.push(say(text, 'unit_s', { n: sec }));
  } else {
    parts.push(say(text, 'unit_s', { n: sec }));
  }
  return parts.join(text.unitJoin || ' ');
}

/** The first touch in words at `now`; null when the arrival time is unknown. */
export function firstTouchView(f: FirstTouchFacts, now: number, text: BoardText): FirstTouchView | null {
  if (f.responseSeconds !== null && f.responseSeconds !== undefined) {
    return {
      text: say(text, 'respondedIn', { t: durationText(text, f.responseSeconds * 1000, false) }),
      responded: true,
      late: false,
    };
  }
  if (f.receivedAt === null) return null;
  if (f.touchedAt !== null) {
    return {
      text: say(text, 'respondedIn', { t: durationText(text, f.touchedAt - f.receivedAt, false) }),
      responded: true,
      late: false,
    };
  }
  const waited = say(text, 'waitingFor', { t: durationText(text, Math.max(0, now - f.receivedAt), false) });
  return { text: `${text.notResponded} · ${waited}`, responded: false, late: f.lateAt !== null && now > f.lateAt };
}
