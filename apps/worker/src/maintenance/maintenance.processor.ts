import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName } from '@app/contracts';
import { LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { SlaReminderService } from '../sla/sla-reminder.service';
import { RetentionService } from './retention.service';
import { SweeperService } from './sweeper.service';

/** Periodic housekeeping, one schedule each (see MaintenanceScheduler). */
@Processor(QueueName.Maintenance, workerOptions({ concurrency: 1 }))
export class MaintenanceProcessor extends LoggedWorkerHost<unknown, unknown> {
  constructor(
    private readonly sweeper: SweeperService,
    private readonly sla: SlaReminderService,
    private readonly retention: RetentionService,
    @InjectPinoLogger(MaintenanceProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.Sweep:
        return this.sweeper.sweep();
      case JobName.SlaCheck:
        return this.sla.check();
      case JobName.Retention:
        return this.retention.eraseExpired();
      default:
        throw new UnrecoverableError(`unknown job ${job.name} on ${QueueName.Maintenance}`);
    }
  }
}
