import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectConfig, WorkerConfig } from '@app/config';
import { JobName, JobQueue, QueueName } from '@app/contracts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Registers the periodic jobs. A job scheduler with a fixed id is one
 * schedule in Redis however many workers upsert it.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly jobs: JobQueue<QueueName.Maintenance>;

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {
    this.jobs = new JobQueue(QueueName.Maintenance, queue);
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.SWEEP_INTERVAL_SECONDS * 1000;
    await this.jobs.schedule('sweep', { every }, JobName.Sweep, {});
    await this.jobs.schedule('sla-check', { every }, JobName.SlaCheck, {});
    // Daily: old leads (LEAD_RETENTION_DAYS, if set) and old audit entries.
    await this.jobs.schedule('retention', { every: DAY_MS }, JobName.Retention, {});
    // Every 10 minutes: is last week's review due (Monday 09:00, business zone) and not sent yet?
    await this.jobs.schedule('weekly-review', { every: 10 * 60_000 }, JobName.WeeklyReview, {});
    // Every minute: roll up the reports' closed days that are missing or changed (a bounded batch each run).
    await this.jobs.schedule('report-rollup', { every: 60_000 }, JobName.ReportRollup, {});
  }
}
