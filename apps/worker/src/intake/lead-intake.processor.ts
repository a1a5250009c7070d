import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { LeadReceivedPayload, QueueName } from '@app/contracts';
import { AlertResult, LeadAlertService } from '../notify/lead-alert.service';
import { isFinalAttempt, LoggedWorkerHost } from '../queue/logged-worker-host';
import { workerOptions } from '../queue/worker-options';
import { parseLeadPayload } from './lead-payload';
import { LeadStore } from './lead-store.service';

/** A new lead: store it with its task, then alert sales (both idempotent). */
@Processor(QueueName.LeadIntake, workerOptions())
export class LeadIntakeProcessor extends LoggedWorkerHost<LeadReceivedPayload, { created: boolean; alert: AlertResult }> {
  constructor(
    private readonly store: LeadStore,
    private readonly alerts: LeadAlertService,
    @InjectPinoLogger(LeadIntakeProcessor.name) protected readonly logger: PinoLogger,
  ) {
    super();
  }

  protected async handle(job: Job<LeadReceivedPayload>) {
    const payload = parseLeadPayload(job.data);
    const created = await this.store.persist(payload);
    const alert = await this.alerts.deliverNewLeadAlert(payload.id, isFinalAttempt(job));
    return { created, alert };
  }
}
