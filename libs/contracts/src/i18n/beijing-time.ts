/** Where the sales team works: every time a person reads (board, chat, email) is shown in Beijing time. */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

/** Minutes-precision date and time in Beijing time, for `locale`. */
export function beijingMinutes(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone: BEIJING_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}
