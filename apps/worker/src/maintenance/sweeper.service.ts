import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QueueName } from '@app/contracts';
import { parseLeadPayload } from '../intake/lead-payload';
import { NotifyProducer } from '../queue/notify-producer.service';
import { workerConfig } from '../worker-config';

const BATCH = 200;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface SweepReport {
  alertsRedriven: number;
  intakeRetried: number;
  digestScheduled: boolean;
}

/**
 * Nothing stays stuck: alerts that Postgres says are unsent with no job
 * working on them are queued again, and intake jobs that ran out of
 * attempts (e.g. Postgres down for hours) are retried.
 */
@Injectable()
export class SweeperService {
  private readonly config = workerConfig();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QueueName.LeadIntake) private readonly intake: Queue,
    private readonly notify: NotifyProducer,
    @InjectPinoLogger(SweeperService.name) private readonly logger: PinoLogger,
  ) {}

  async sweep(): Promise<SweepReport> {
    const report = {
      alertsRedriven: await this.redriveStuckAlerts(),
      intakeRetried: await this.retryFailedIntake(),
      digestScheduled: await this.rescheduleDigest(),
    };
    if (report.alertsRedriven || report.intakeRetried) this.logger.warn(report, 'sweeper re-drove stuck work');
    return report;
  }

  private async redriveStuckAlerts(): Promise<number> {
    const rows: { lead_id: string }[] = await this.db.query(
      `SELECT lead_id FROM notifications
        WHERE kind = 'new-lead' AND lead_id IS NOT NULL
          AND ((status IN ('pending', 'sending') AND updated_at < now() - make_interval(mins => $1::int))
            OR (status = 'failed' AND updated_at < now() - make_interval(mins => $2::int)))
        ORDER BY updated_at LIMIT $3`,
      [this.config.ALERT_STUCK_MINUTES, this.config.ALERT_REDRIVE_FAILED_MINUTES, BATCH],
    );
    let redriven = 0;
    for (const { lead_id: leadId } of rows) {
      // The intake job still owns the alert while it is alive (e.g. backing
      // off while SMTP is down); a second job would only compete with it.
      const intakeJob = await this.intake.getJob(leadId);
      if (intakeJob && LIVE_STATES.has(await intakeJob.getState())) continue;
      if ((await this.notify.redriveAlert(leadId)) !== 'in-queue') redriven++;
    }
    return redriven;
  }

  /** Alerts parked by the flood guard whose digest job was lost. */
  private async rescheduleDigest(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM notifications WHERE status = 'batched' AND updated_at < now() - interval '2 minutes' LIMIT 1`,
    );
    if (rows.length === 0) return false;
    await this.notify.scheduleDigest();
    return true;
  }

  private async retryFailedIntake(): Promise<number> {
    const cutoff = Date.now() - this.config.ALERT_STUCK_MINUTES * 60_000;
    const failed = await this.intake.getFailed(0, BATCH - 1);
    let retried = 0;
    for (const job of failed) {
      if (!job || (job.finishedOn ?? 0) > cutoff) continue;
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
