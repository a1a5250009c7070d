import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName } from '@app/contracts';
import { isFinalAttempt, JobHandlers, LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueProcessor } from '../queue/queue-processor.decorator';
import { LeadIntakeService } from './lead-intake.service';

/** Consumes accepted form posts from the gateway. */
@QueueProcessor(QueueName.LeadIntake)
export class LeadIntakeProcessor extends LoggedWorkerHost<QueueName.LeadIntake> {
  protected readonly handlers: JobHandlers<QueueName.LeadIntake> = {
    [JobName.LeadReceived]: (job) => this.intake.acceptJob(job.id ?? '', job.data, isFinalAttempt(job)),
  };

  constructor(
    private readonly intake: LeadIntakeService,
    @InjectPinoLogger(LeadIntakeProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }
}
