import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isLeadId, LeadAlertPayload, QueueName } from '@app/contracts';
import { isFinalAttempt, LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { AlertResult, LeadAlertService } from './lead-alert.service';

/** Re-driven alerts (from the sweeper): the lead is stored already. */
@Processor(QueueName.LeadNotify, workerOptions())
export class LeadAlertProcessor extends LoggedWorkerHost<LeadAlertPayload, AlertResult> {
  constructor(
    private readonly alerts: LeadAlertService,
    @InjectPinoLogger(LeadAlertProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected async handle(job: Job<LeadAlertPayload>): Promise<AlertResult> {
    if (!isLeadId(job.data?.leadId)) throw new UnrecoverableError('alert job has no valid leadId');
    return this.alerts.deliverNewLeadAlert(job.data.leadId, isFinalAttempt(job));
  }
}
