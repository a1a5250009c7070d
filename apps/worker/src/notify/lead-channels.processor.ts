import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { JobName, QueueName } from '@app/contracts';
import { isFinalAttempt, JobHandlers, LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueProcessor } from '../queue/queue-processor.decorator';
import { ChannelAlertService } from './channel-alert.service';
import { RobotDigestService } from './robot-digest.service';

/** Chat robots and webhooks: one job per ledger row, and each robot's digests. */
@QueueProcessor(QueueName.LeadChannels)
export class LeadChannelsProcessor extends LoggedWorkerHost<QueueName.LeadChannels> {
  protected readonly handlers: JobHandlers<QueueName.LeadChannels> = {
    [JobName.ChannelAlert]: (job) => this.alerts.deliver(job.data, isFinalAttempt(job)),
    [JobName.RobotDigest]: (job) => {
      if (typeof job.data?.destinationId !== 'string') throw new UnrecoverableError('digest job has no destinationId');
      return this.digests.send(job.data.destinationId, isFinalAttempt(job));
    },
  };

  constructor(
    private readonly alerts: ChannelAlertService,
    private readonly digests: RobotDigestService,
    @InjectPinoLogger(LeadChannelsProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }
}
