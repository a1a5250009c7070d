import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { BusinessCalendar } from '../data/business-calendar';
import { type WeekNumbers, WeeklyReviewRepository } from '../data/weekly-review.repository';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { RecordedMailer } from '../notify/recorded-mailer.service';
import { buildWeeklyReviewEmail, weeklyRobotNotice } from './weekly-review-email.builder';
import { WeeklyReviewRobots } from './weekly-review-robots.service';
import { dueReview, weekOf, type ReviewWeek } from './weekly-review-schedule';

export type WeeklyReviewResult = 'off' | 'not-due' | 'sent' | 'already-sent' | 'no-recipient';

const DEFAULT_ZONE = 'Asia/Shanghai';

/**
 * The Monday review: last week's speed to lead, by email to the managers
 * (active manager accounts with an address, and ESCALATION_TO; MAIL_TO when
 * there are none), once per ISO week however many workers check
 * (`email:weekly-review:<week>` in the ledger); and one short message to
 * each robot, once per week and robot (WeeklyReviewRobots). The result is
 * the email's.
 */
@Injectable()
export class WeeklyReviewService {
  constructor(
    private readonly reviews: WeeklyReviewRepository,
    private readonly calendar: BusinessCalendar,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly robots: WeeklyReviewRobots,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(WeeklyReviewService.name) private readonly logger: PinoLogger,
  ) {}

  /** `week`: an ISO week label to send now (an operator's re-run); otherwise whatever is due at `now`. */
  async run(now = new Date(), week?: string): Promise<WeeklyReviewResult> {
    if (!this.config.WEEKLY_REVIEW) return 'off';
    const zone = this.calendar.hours?.timeZone ?? DEFAULT_ZONE;
    const due = week ? this.named(week, now, zone) : dueReview(now, zone);
    if (!due) return 'not-due';
    // The numbers once per check, and only when something is to be sent.
    let numbers: Promise<WeekNumbers> | null = null;
    const numbersOnce = () => (numbers ??= this.reviews.numbers(due.from, due.to));
    const email = await this.email(due, numbersOnce);
    const robots = await this.robots.send(due.week, async () => weeklyRobotNotice(due, await numbersOnce()));
    if (Object.values(robots).some((r) => r !== 'already-sent'))
      this.logger.info({ week: due.week, robots }, 'weekly review to robots');
    return email;
  }

  private async email(due: ReviewWeek, numbersOnce: () => Promise<WeekNumbers>): Promise<WeeklyReviewResult> {
    const key = { channel: 'email', kind: 'weekly-review', week: due.week } as const;
    const managers = await this.reviews.managerAddresses();
    const extra = this.config.ESCALATION_TO;
    const wanted = [...new Set([...managers, ...extra.map((a) => a.toLowerCase())])];
    const recipients = await this.reviews.record(key, wanted.length ? wanted : this.config.MAIL_TO);
    if (!recipients?.length) return 'no-recipient';
    const claim = await this.ledger.claim(key);
    if (typeof claim === 'string') return 'already-sent';
    const numbers = await numbersOnce();
    const settings = { from: this.config.MAIL_FROM, to: recipients, publicAdminUrl: this.config.PUBLIC_ADMIN_URL };
    await this.mailer.send([claim.id], () => buildWeeklyReviewEmail(due, numbers, settings), false);
    this.logger.info({ week: due.week, leads: numbers.leads }, 'weekly review sent');
    return 'sent';
  }

  // The week a label names, looked up among the last 60 weeks (a re-run is for a recent week).
  private named(label: string, now: Date, zone: string): ReviewWeek | null {
    for (let back = 0; back < 60; back++) {
      const w = weekOf(now, zone, -back);
      if (w.week === label) return w;
    }
    return null;
  }
}
