import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { parseLeadPayload } from '../intake/lead-payload';
import { DeadLetterRepository } from '../data/dead-letter.repository';
import { NotificationRepository } from '../data/notification.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { NotifyProducer } from '../queue/notify-producer.service';

const BATCH = 200;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface SweepReport {
  alertsRedriven: number;
  intakeRetried: number;
  digestScheduled: boolean;
  channelRowsRedriven: number;
  robotDigestsScheduled: number;
}

/**
 * Nothing stays stuck: alerts that Postgres says are unsent with no job
 * working on them are queued again (email, robots and webhooks alike),
 * robots' held-back leads whose digest job was lost get a new one, and
 * intake jobs that ran out of attempts (e.g. Postgres down for hours) are
 * retried.
 */
@Injectable()
export class SweeperService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetterRepository,
    @InjectQueue(QueueName.LeadIntake) private readonly intake: Queue,
    private readonly notify: NotifyProducer,
    private readonly channels: ChannelProducer,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(SweeperService.name) private readonly logger: PinoLogger,
  ) {}

  async sweep(): Promise<SweepReport> {
    const report = {
      alertsRedriven: await this.redriveStuckAlerts(),
      intakeRetried: await this.retryFailedIntake(),
      digestScheduled: await this.rescheduleDigest(),
      channelRowsRedriven: await this.redriveChannelRows(),
      robotDigestsScheduled: await this.rescheduleRobotDigests(),
    };
    if (report.alertsRedriven || report.intakeRetried || report.channelRowsRedriven)
      this.logger.warn(report, 'sweeper re-drove stuck work');
    return report;
  }

  private async redriveStuckAlerts(): Promise<number> {
    const leadIds = await this.notifications.stuckAlertLeadIds(
      this.config.ALERT_STUCK_MINUTES,
      this.config.ALERT_REDRIVE_FAILED_MINUTES,
      BATCH,
    );
    let redriven = 0;
    for (const leadId of leadIds) {
      // The intake job still owns the alert while it is alive (e.g. backing
      // off while SMTP is down); a second job would only compete with it.
      const intakeJob = await this.intake.getJob(leadId);
      if (intakeJob && LIVE_STATES.has(await intakeJob.getState())) continue;
      if ((await this.notify.redriveAlert(leadId)) !== 'in-queue') redriven++;
    }
    return redriven;
  }

  /** Robot and webhook rows left unsent with no job (a killed worker, lost jobs, attempts used up). */
  private async redriveChannelRows(): Promise<number> {
    const rows = await this.notifications.stuckChannelRows(
      this.config.ALERT_STUCK_MINUTES,
      this.config.ALERT_REDRIVE_FAILED_MINUTES,
      BATCH,
    );
    let redriven = 0;
    for (const row of rows) {
      if ((await this.channels.redrive({ ledgerKey: row.key, destinationId: row.destination })) !== 'in-queue') redriven++;
    }
    return redriven;
  }

  /** Robots' held-back leads whose digest job was lost; the digest itself waits for the budget. */
  private async rescheduleRobotDigests(): Promise<number> {
    const destinations = await this.notifications.destinationsWithLongBatched();
    const now = Date.now();
    for (const destination of destinations) await this.channels.scheduleDigest(destination, now, 0);
    return destinations.length;
  }

  /** Alerts parked by the flood guard whose digest job was lost. */
  private async rescheduleDigest(): Promise<boolean> {
    if (!(await this.notifications.hasLongParkedAlert())) return false;
    await this.notify.scheduleDigest();
    return true;
  }

  private async retryFailedIntake(): Promise<number> {
    const cutoff = Date.now() - this.config.ALERT_STUCK_MINUTES * 60_000;
    const failed = await this.intake.getFailed(0, BATCH - 1);
    // A dead letter waits for a person ("store with replacement" or "handled"), never for a retry.
    const buried = await this.deadLetters.openJobIds(
      QueueName.LeadIntake,
      failed.flatMap((job) => (job?.id ? [job.id] : [])),
    );
    let retried = 0;
    for (const job of failed) {
      if (!job || (job.finishedOn ?? 0) > cutoff || (job.id && buried.has(job.id))) continue;
      try {
        parseLeadPayload(job.data);
      } catch {
        continue; // A payload that breaks the contract stays failed for a human to look at.
      }
      await job.retry('failed');
      retried++;
    }
    return retried;
  }
}
