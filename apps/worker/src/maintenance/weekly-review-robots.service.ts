import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { ChannelDestination } from '@app/config';
import { PERMANENT_FAILURE } from '../data/notification.repository';
import { WeeklyReviewRepository } from '../data/weekly-review.repository';
import type { ChatNotice } from '../notify/channels/chat-channel';
import { ChannelDirectory } from '../notify/channels/channel-directory';
import { RobotBudgetService } from '../notify/channels/robot-budget.service';
import { ChannelSender } from '../notify/channel-sender.service';
import { NotificationInFlightError, NotificationLedger } from '../notify/notification-ledger.service';

export type RobotReviewResult = 'sent' | 'already-sent' | 'in-flight' | 'later' | 'failed';

export type WeeklyRobotNotice = Extract<ChatNotice, { kind: 'weekly-review' }>;

/** Robots, not webhooks: the review is for the team in its group chat, and receivers get one event per lead. */
export const reviewRobots = (all: readonly ChannelDestination[]): ChannelDestination[] =>
  all.filter((d) => d.channel !== 'webhook');

/**
 * The weekly review in each robot's group: one short message per robot
 * and week, exactly once across workers (`<channel>:weekly-review:<week>:<robot>`
 * in the ledger, claimed before sending), within the robot's shared rate
 * budget. A robot without budget now, or that failed, is tried again at the
 * review's next check (every 10 minutes, all week); one that is gone is not.
 */
@Injectable()
export class WeeklyReviewRobots {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly reviews: WeeklyReviewRepository,
    private readonly ledger: NotificationLedger,
    private readonly budget: RobotBudgetService,
    private readonly sender: ChannelSender,
    @InjectPinoLogger(WeeklyReviewRobots.name) private readonly logger: PinoLogger,
  ) {}

  /** `notice` is built only once a robot's row is claimed (the numbers cost a query; most checks find every row sent). */
  async send(week: string, notice: () => Promise<WeeklyRobotNotice>): Promise<Record<string, RobotReviewResult>> {
    const robots = reviewRobots(this.directory.all);
    await this.reviews.recordRobots(week, robots);
    const results: Record<string, RobotReviewResult> = {};
    for (const robot of robots) {
      // One robot's trouble never keeps the review from the others.
      results[robot.id] = await this.sendTo(robot, week, notice).catch((err: unknown) => {
        if (err instanceof NotificationInFlightError) return 'in-flight' as const;
        this.logger.warn({ robot: robot.label, week, err: (err as Error).message }, 'weekly review to a robot failed');
        return 'later' as const;
      });
    }
    return results;
  }

  private async sendTo(
    robot: ChannelDestination,
    week: string,
    noticeOf: () => Promise<WeeklyRobotNotice>,
  ): Promise<RobotReviewResult> {
    const claim = await this.ledger.claim({ channel: robot.channel, kind: 'weekly-review', week, destination: robot.id });
    if (typeof claim === 'string') return 'already-sent';
    const notice = await noticeOf().catch(async (err: unknown) => {
      await this.ledger.release([claim.id], 'pending');
      throw err;
    });
    const decision = await this.budget.take(robot);
    if (!decision.allowed) {
      await this.ledger.release([claim.id], 'pending');
      return 'later';
    }
    const outcome = await this.ledger.whileHeld([claim.id], () => this.sender.send(robot, notice, claim.id, claim.attempts));
    switch (outcome.status) {
      case 'sent':
        await this.ledger.recordSent([claim.id], outcome.detail);
        return 'sent';
      case 'rate-limited':
        await this.budget.pause(robot, outcome.retryAfterMs ?? 60_000);
        await this.ledger.release([claim.id], 'pending');
        return 'later';
      case 'gone':
      case 'failed':
        await this.ledger.recordFailure([claim.id], `${PERMANENT_FAILURE} (${outcome.reason}): ${outcome.detail}`, true);
        return 'failed';
      default:
        // Kept pending: the next check of the review tries again.
        await this.ledger.recordFailure([claim.id], `${outcome.reason}: ${outcome.detail}`, false);
        this.logger.warn({ robot: robot.label, week, reason: outcome.reason }, 'weekly review not delivered to a robot');
        return 'later';
    }
  }
}
