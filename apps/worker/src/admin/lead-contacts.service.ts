import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { SignedInStaff } from '../data/staff-account';
import { ContactAttempt, ContactLogRepository } from '../data/contact-log.repository';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { seesAllTasks } from './access';
import { ContactInput } from './contact-input';

/** Calls and messages to a lead's customer, logged in the lead's history. */
@Injectable()
export class LeadContactsService {
  constructor(
    private readonly contacts: ContactLogRepository,
    private readonly channels: ChannelFanout,
    @InjectPinoLogger(LeadContactsService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Records an attempt by `actor`; the lead's first attempt (or other
   * action) is its first touch. Sales log on their own and unassigned leads
   * only: anyone else's is answered as not found, like its other endpoints.
   */
  async record(leadId: string, input: ContactInput, actor: SignedInStaff): Promise<ContactAttempt> {
    const notFound = () => new NotFoundException(`lead ${leadId} not found`);
    const attempt = await this.contacts.record(leadId, { by: actor.login, ...input }, (task) => {
      if (!seesAllTasks(actor) && task.assignee !== null && task.assignee !== actor.login) throw notFound();
    });
    if (!attempt) throw notFound();
    // Webhooks hear of it as of any task change; the attempt is saved already, so a queue failure is only logged.
    await this.channels.taskUpdated({ id: attempt.taskId, leadId }).catch((err: unknown) => {
      this.logger.error({ taskId: attempt.taskId, err: (err as Error).message }, 'task.updated webhooks not queued');
    });
    return attempt;
  }
}
