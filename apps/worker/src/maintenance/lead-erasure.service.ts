import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { QueueName } from '@app/contracts';
import { removeOrScrub } from '../queue/job-scrubber';
import { NotifyProducer } from '../queue/notify-producer.service';
import { LeadRepository } from '../data/lead.repository';
import { NotificationRepository } from '../data/notification.repository';

export interface ErasureResult {
  erased: boolean;
  jobsRemoved: number;
}

/**
 * Erases a person's data (PIPL art. 47), on request or at the end of
 * retention: fields blanked in Postgres, the jobs that carry the form data
 * removed from Redis, the erasure recorded without data.
 */
@Injectable()
export class LeadErasure {
  constructor(
    private readonly leads: LeadRepository,
    private readonly notifications: NotificationRepository,
    @InjectQueue(QueueName.LeadIntake) private readonly intake: Queue,
    private readonly notify: NotifyProducer,
    @InjectPinoLogger(LeadErasure.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Null when there is no such lead. `durable: false` (the retention purge)
   * lets the commit skip the wait for the disk (LeadRepository.erase).
   */
  async erase(id: string, actor: string, reason: string, options: { durable?: boolean } = {}): Promise<ErasureResult | null> {
    if (!(await this.leads.exists(id))) return null;
    const erased = await this.leads.erase(id, actor, reason, options);
    let jobsRemoved = await this.notify.removeLeadJobs(id, await this.notifications.resendIdsOf(id));
    if ((await removeOrScrub(await this.intake.getJob(id))) !== 'absent') jobsRemoved++;
    this.logger.info({ leadId: id, actor, reason, jobsRemoved }, 'lead personal data erased');
    return { erased, jobsRemoved };
  }
}
