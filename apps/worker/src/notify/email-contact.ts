import { BEIJING_TIME_ZONE, displayPhone, leadPageUrl, t, telHref, type Lang } from '@app/contracts';
import type { FieldRow } from './email-fields';

/** How a staff email says whom to call, by when, and where the lead's page is. */
export interface EmailContact {
  /** "请在 14:34 前联系" (or that it was due then); null when the task's due time is unknown. */
  due: string | null;
  /** The number grouped for reading, dialled through its E.164 form. */
  phone: { href: string; text: string } | null;
  /** The lead page on the board, absolute (PUBLIC_ADMIN_URL). */
  link: { href: string; text: string };
}

/** The lead fields a contact block needs. */
export interface ContactLead {
  id: string;
  phone: string | null;
  phoneRaw?: string | null;
}

// Beijing time has no daylight saving: the wall clock is UTC+8 all year.
const OFFSET_MS = 8 * 3_600_000;
const DAY_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: BEIJING_TIME_ZONE, month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: BEIJING_TIME_ZONE, month: 'short', day: 'numeric' }),
};

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const beijingDay = (d: Date) => Math.floor((d.getTime() + OFFSET_MS) / 86_400_000);

/** "14:34" in Beijing time; with the day ("11月2日 09:30", "2 Nov 09:30") when it is not today there. */
export function beijingDueTime(due: Date, lang: Lang, now: Date = new Date()): string {
  const local = new Date(due.getTime() + OFFSET_MS);
  const clock = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  return beijingDay(due) === beijingDay(now) ? clock : `${DAY_FORMATS[lang].format(due)} ${clock}`;
}

/** Whom to call, by when and where to look, for a lead whose task is due at `dueAt`. */
export function emailContact(
  lead: ContactLead,
  dueAt: Date | null,
  adminUrl: string,
  lang: Lang,
  now: Date = new Date(),
): EmailContact {
  const number = lead.phone ?? lead.phoneRaw ?? null;
  const href = number ? telHref(number) : null;
  const time = dueAt ? beijingDueTime(dueAt, lang, now) : null;
  return {
    due:
      time === null ? null : t(lang, dueAt!.getTime() > now.getTime() ? 'email.contact.due' : 'email.contact.wasDue', { time }),
    phone: number && href ? { href, text: displayPhone(number) } : null,
    link: { href: leadPageUrl(adminUrl, lead.id), text: t(lang, 'email.contact.open') },
  };
}

/** The number (with its tel: form) and the page's address as text rows. */
export function contactRows(contact: EmailContact, lang: Lang): FieldRow[] {
  const rows: FieldRow[] = [];
  if (contact.phone) rows.push([t(lang, 'email.field.phone'), `${contact.phone.text} <${contact.phone.href}>`]);
  rows.push([t(lang, 'email.contact.page'), contact.link.href]);
  return rows;
}

/** The contact block in the text part: the due line, then one line per row. */
export function contactLines(contact: EmailContact, lang: Lang): string[] {
  const rows = contactRows(contact, lang).map(([label, value]) => `${label}: ${value}`);
  return contact.due ? [contact.due, ...rows] : rows;
}
