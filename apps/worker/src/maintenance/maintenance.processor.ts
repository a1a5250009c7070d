import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName } from '@app/contracts';
import { JobHandlers, LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueProcessor } from '../queue/queue-processor.decorator';
import { ReportRollupService } from '../reporting/report-rollup.service';
import { RerouteService } from '../sla/reroute.service';
import { SlaReminderService } from '../sla/sla-reminder.service';
import { RetentionService } from './retention.service';
import { SweeperService } from './sweeper.service';
import { WeeklyReviewService } from './weekly-review.service';

/** Periodic housekeeping, one schedule each (see MaintenanceScheduler), one job at a time. */
@QueueProcessor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends LoggedWorkerHost<QueueName.Maintenance> {
  protected readonly handlers: JobHandlers<QueueName.Maintenance> = {
    [JobName.Sweep]: () => this.sweeper.sweep(),
    [JobName.SlaCheck]: () => this.slaCheck(),
    [JobName.Retention]: (job) => this.retention.eraseExpired(job.data),
    // Anything but a plausible ISO week label is the scheduled check.
    [JobName.WeeklyReview]: (job) => {
      const week = job.data?.week;
      return this.weekly.run(new Date(), typeof week === 'string' && /^\d{4}-W\d{2}$/.test(week) ? week : undefined);
    },
    [JobName.ReportRollup]: () => this.rollup.run(),
  };

  constructor(
    private readonly sweeper: SweeperService,
    private readonly sla: SlaReminderService,
    private readonly reroute: RerouteService,
    private readonly retention: RetentionService,
    private readonly weekly: WeeklyReviewService,
    private readonly rollup: ReportRollupService,
    @InjectPinoLogger(MaintenanceProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  // Silent owners lose their leads first, so a re-routed task's reminder
  // goes to its new owner. Both halves run even when one fails; a failure
  // fails the run (Bull Board shows it) and the next run retries.
  private async slaCheck(): Promise<{ reroute: unknown; sla: unknown }> {
    const reroute = await this.reroute.check().then(ok, failed);
    const sla = await this.sla.check().then(ok, failed);
    for (const r of [reroute, sla]) if ('error' in r) throw r.error;
    return { reroute: reroute.value, sla: sla.value };
  }
}

const ok = (value: unknown) => ({ value });
const failed = (error: unknown) => ({ error, value: undefined });
