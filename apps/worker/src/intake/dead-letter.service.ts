import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isLeadId, QueueName, storableText } from '@app/contracts';
import { DeadLetterRepository } from '../data/dead-letter.repository';
import { DeadLetterNotices } from '../notify/dead-letter-notice.service';

/** A job id as a uuid: the lead id when it is one, else a hash of the id, so the same job is buried once. */
export function deadLetterIdOf(jobId: string): string {
  if (isLeadId(jobId)) return jobId;
  const h = createHash('sha256').update(jobId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Keeps an intake job that can never be stored, with its raw data, and
 * tells the admins. JSON.stringify escapes lone surrogates and NUL, so the
 * raw text itself is always storable. Should Postgres be down here, this
 * throws and the job is retried like any other.
 */
@Injectable()
export class DeadLetterService {
  constructor(
    private readonly deadLetters: DeadLetterRepository,
    private readonly notices: DeadLetterNotices,
    @InjectPinoLogger(DeadLetterService.name) private readonly logger: PinoLogger,
  ) {}

  async bury(jobId: string, data: unknown, reason: string): Promise<string> {
    const id = deadLetterIdOf(jobId);
    const leadId = (data as { id?: unknown } | null)?.id;
    await this.deadLetters.bury({
      id,
      jobId,
      queue: QueueName.LeadIntake,
      leadId: isLeadId(leadId) ? leadId : null,
      reason: storableText(reason).slice(0, 2000),
      payload: JSON.stringify(data ?? null),
    });
    await this.notices.raise(id);
    this.logger.error({ jobId, deadLetterId: id, reason }, 'accepted lead could not be stored: kept as a dead letter');
    return id;
  }
}
