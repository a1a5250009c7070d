import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isLeadId, JobName, QueueName } from '@app/contracts';
import { parseLedgerKey } from '../data/ledger-key';
import { isFinalAttempt, JobHandlers, LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueProcessor } from '../queue/queue-processor.decorator';
import { AlertDigestService } from './alert-digest.service';
import { DeadLetterNotices } from './dead-letter-notice.service';
import { HandoverNoticeService } from './handover-notice.service';
import { LeadAlertService } from './lead-alert.service';

/** Notifications about leads already stored (re-driven alerts, resends, digests, hand-over notices) and about leads that could not be. */
@QueueProcessor(QueueName.LeadNotify)
export class LeadNotifyProcessor extends LoggedWorkerHost<QueueName.LeadNotify> {
  protected readonly handlers: JobHandlers<QueueName.LeadNotify> = {
    [JobName.LeadAlert]: (job) => {
      if (!isLeadId(job.data?.leadId)) throw new UnrecoverableError('alert job has no valid leadId');
      return this.alerts.deliverNewLeadAlert(job.data.leadId, isFinalAttempt(job));
    },
    [JobName.LeadResend]: (job) => {
      const key = typeof job.data?.ledgerKey === 'string' ? parseLedgerKey(job.data.ledgerKey) : null;
      if (key?.kind !== 'resend' || key.channel !== 'email') throw new UnrecoverableError('resend job has no valid ledgerKey');
      return this.alerts.deliverResend(key, isFinalAttempt(job));
    },
    [JobName.AlertDigest]: (job) => this.digests.sendDigest(isFinalAttempt(job)),
    [JobName.Handover]: (job) => {
      const d = job.data;
      const valid =
        typeof d?.handoverId === 'string' &&
        typeof d.from === 'string' &&
        typeof d.to === 'string' &&
        Array.isArray(d.tasks) &&
        d.tasks.every((t) => typeof t?.taskId === 'string' && isLeadId(t.leadId));
      if (!valid) throw new UnrecoverableError('hand-over job has no valid payload');
      return this.handovers.deliver(d, isFinalAttempt(job));
    },
    [JobName.DeadLetterNotice]: (job) => {
      if (!isLeadId(job.data?.deadLetterId)) throw new UnrecoverableError('dead-letter job has no valid deadLetterId');
      return this.deadLetters.deliverEmail(job.data.deadLetterId, isFinalAttempt(job));
    },
  };

  constructor(
    private readonly alerts: LeadAlertService,
    private readonly digests: AlertDigestService,
    private readonly handovers: HandoverNoticeService,
    private readonly deadLetters: DeadLetterNotices,
    @InjectPinoLogger(LeadNotifyProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }
}
