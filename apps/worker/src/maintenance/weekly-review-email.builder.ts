import { join } from 'node:path';
import { t } from '@app/contracts';
import { Views } from '@app/views';
import type { SendMailOptions } from 'nodemailer';
import type { WeekNumbers } from '../data/weekly-review.repository';
import { senderDomain, type FieldRow } from '../notify/email-fields';
import { emailText, LINE_ROWS } from '../notify/email-text.formatter';
import type { ReviewWeek } from './weekly-review-schedule';

const views = new Views(join(__dirname, 'views'));

/** 95 s → "1 min 35 s" in the managers' words (zh); an hour or more in hours and minutes. */
export function spokenSeconds(seconds: number | null): string {
  if (seconds === null) return t('zh', 'weekly.none');
  if (seconds < 60) return t('zh', 'weekly.seconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('zh', 'weekly.minutesSeconds', { minutes, seconds: seconds % 60 });
  return t('zh', 'weekly.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Last week's five numbers as [label, value] rows, for the email and the robots alike. */
export function weeklyRows(n: WeekNumbers): FieldRow[] {
  return [
    [t('zh', 'reports.col_count'), String(n.leads)],
    [t('zh', 'weekly.median'), spokenSeconds(n.medianResponseSeconds)],
    [t('zh', 'weekly.within5m'), n.within5mShare === null ? t('zh', 'weekly.none') : `${Math.round(n.within5mShare * 100)}%`],
    [t('zh', 'weekly.rerouted'), String(n.rerouted)],
    [t('zh', 'weekly.overdue'), String(n.overdueOpen)],
  ];
}

/** The robots' message of the week: the same heading and numbers as the email, short. */
export function weeklyRobotNotice(week: ReviewWeek, n: WeekNumbers) {
  return {
    kind: 'weekly-review' as const,
    week: week.week,
    heading: t('zh', 'weekly.heading', { from: week.firstDay, to: week.lastDay }),
    rows: weeklyRows(n),
  };
}

/** The managers' Monday email: last week's five numbers and a link to the reports. */
export function buildWeeklyReviewEmail(
  week: ReviewWeek,
  n: WeekNumbers,
  s: { from: string; to: string[]; publicAdminUrl: string },
): SendMailOptions {
  const span = { from: week.firstDay, to: week.lastDay };
  const headline = t('zh', 'weekly.heading', span);
  const rows = weeklyRows(n);
  const link = `${s.publicAdminUrl}/admin/reports`;
  return {
    from: s.from,
    to: s.to,
    subject: t('zh', 'weekly.subject', span),
    messageId: `<weekly-review-${week.week}@${senderDomain(s.from)}>`,
    headers: { 'X-Lead-Notice': 'weekly-review', 'X-Review-Week': week.week },
    text: emailText(headline, [{ rows }, { rows: [[t('zh', 'weekly.open'), link]] }], LINE_ROWS),
    html: views.render('weekly-review', { headline, rows, link, openLabel: t('zh', 'weekly.open') }),
  };
}
