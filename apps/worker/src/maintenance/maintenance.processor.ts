import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName } from '@app/contracts';
import { JobHandlers, LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueProcessor } from '../queue/queue-processor.decorator';
import { SlaReminderService } from '../sla/sla-reminder.service';
import { RetentionService } from './retention.service';
import { SweeperService } from './sweeper.service';

/** Periodic housekeeping, one schedule each (see MaintenanceScheduler), one job at a time. */
@QueueProcessor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends LoggedWorkerHost<QueueName.Maintenance> {
  protected readonly handlers: JobHandlers<QueueName.Maintenance> = {
    [JobName.Sweep]: () => this.sweeper.sweep(),
    [JobName.SlaCheck]: () => this.sla.check(),
    [JobName.Retention]: () => this.retention.eraseExpired(),
  };

  constructor(
    private readonly sweeper: SweeperService,
    private readonly sla: SlaReminderService,
    private readonly retention: RetentionService,
    @InjectPinoLogger(MaintenanceProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }
}
