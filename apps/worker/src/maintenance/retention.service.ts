import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LeadErasure } from '../leads/lead-erasure.service';
import { LeadRepository } from '../leads/lead.repository';

const BATCH = 500;

/** LEAD_RETENTION_DAYS: erases the personal data of leads older than that. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly erasure: LeadErasure,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(RetentionService.name) private readonly logger: PinoLogger,
  ) {}

  async eraseExpired(): Promise<{ erased: number }> {
    const days = this.config.LEAD_RETENTION_DAYS;
    if (days === 0) return { erased: 0 };
    let erased = 0;
    for (;;) {
      const ids = await this.leads.expiredIds(days, BATCH);
      for (const id of ids) {
        if ((await this.erasure.erase(id, 'retention', `older than ${days} days`))?.erased) erased++;
      }
      if (ids.length < BATCH) break;
    }
    if (erased) this.logger.info({ erased, days }, 'retention: personal data of old leads erased');
    return { erased };
  }
}
