import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { LeadReceivedPayload, QueueName } from '@app/contracts';
import { AutoresponseResult, AutoresponseService } from '../notify/autoresponse.service';
import { AlertResult, LeadAlertService } from '../notify/lead-alert.service';
import { isFinalAttempt, LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { parseLeadPayload } from './lead-payload';
import { LeadStore } from './lead-store.service';

interface IntakeResult {
  created: boolean;
  alert: AlertResult;
  autoresponse: AutoresponseResult;
}

/** A new lead: store it with its task, then alert sales (all idempotent). */
@Processor(QueueName.LeadIntake, workerOptions())
export class LeadIntakeProcessor extends LoggedWorkerHost<LeadReceivedPayload, IntakeResult> {
  constructor(
    private readonly store: LeadStore,
    private readonly alerts: LeadAlertService,
    private readonly autoresponse: AutoresponseService,
    @InjectPinoLogger(LeadIntakeProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected async handle(job: Job<LeadReceivedPayload>) {
    const payload = parseLeadPayload(job.data);
    const final = isFinalAttempt(job);
    const { created, alert: claimed } = await this.store.persist(payload);
    const alert = await this.alerts.deliverNewLeadAlert(payload.id, final, claimed ?? undefined);
    const autoresponse = await this.autoresponse.deliver(
      payload.id,
      payload.fields.email,
      new Date(payload.context.receivedAt),
      final,
    );
    return { created, alert, autoresponse };
  }
}
