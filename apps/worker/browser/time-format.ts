import type { BoardText } from '../src/admin/board/board-text';
import { durationText } from '../src/admin/board/first-touch';

/** Times in the browser's own zone, in the page's language. */
export class TimeFormat {
  private readonly full: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly seconds: Intl.DateTimeFormat;

  constructor(private readonly text: BoardText) {
    const locale = text.locale || 'zh-CN';
    this.full = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    this.time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
    this.day = new Intl.DateTimeFormat(locale, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    this.seconds = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  /** Today: "14:30"; another day: "03-05 14:30". */
  short(value: string | null | undefined): string {
    const ms = parseTime(value);
    if (ms === null) return this.text.none;
    const d = new Date(ms);
    return d.toDateString() === new Date().toDateString() ? this.time.format(d) : this.day.format(d);
  }

  /** The clock time with seconds ("updated at"). */
  clock(d: Date): string {
    return this.seconds.format(d);
  }

  /** Every server-rendered <time data-local> (China time) rewritten in the browser's zone. */
  localize(root: ParentNode): void {
    for (const node of Array.from(root.querySelectorAll<HTMLTimeElement>('time[datetime][data-local]'))) {
      const ms = parseTime(node.getAttribute('datetime'));
      if (ms === null) continue;
      node.textContent = this.full.format(new Date(ms));
      node.title = new Date(ms).toString();
    }
  }

  /** "2 天 3 小时", "1 小时 5 分钟", "12 分钟 5 秒" (withSeconds) or "12 分钟", "40 秒". */
  duration(ms: number, withSeconds: boolean): string {
    return durationText(this.text, ms, withSeconds);
  }
}

export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
