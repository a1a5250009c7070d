import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isLeadId, JobName, LeadAlertPayload, LeadResendPayload, QueueName } from '@app/contracts';
import { isFinalAttempt, LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { AlertDigestService } from './alert-digest.service';
import { LeadAlertService } from './lead-alert.service';

/** Notifications about leads already stored: re-driven alerts, resends and digests. */
@Processor(QueueName.LeadNotify, workerOptions())
export class LeadNotifyProcessor extends LoggedWorkerHost<unknown, unknown> {
  constructor(
    private readonly alerts: LeadAlertService,
    private readonly digests: AlertDigestService,
    @InjectPinoLogger(LeadNotifyProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.LeadAlert: {
        const { leadId } = (job.data ?? {}) as Partial<LeadAlertPayload>;
        if (!isLeadId(leadId)) throw new UnrecoverableError('alert job has no valid leadId');
        return this.alerts.deliverNewLeadAlert(leadId, isFinalAttempt(job));
      }
      case JobName.LeadResend: {
        const { ledgerKey } = (job.data ?? {}) as Partial<LeadResendPayload>;
        if (typeof ledgerKey !== 'string' || !ledgerKey.startsWith('email:resend:')) {
          throw new UnrecoverableError('resend job has no valid ledgerKey');
        }
        return this.alerts.deliverResend(ledgerKey, isFinalAttempt(job));
      }
      case JobName.AlertDigest:
        return this.digests.sendDigest(isFinalAttempt(job));
      default:
        throw new UnrecoverableError(`unknown job ${job.name} on ${QueueName.LeadNotify}`);
    }
  }
}
