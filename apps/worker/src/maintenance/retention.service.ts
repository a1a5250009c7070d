import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AdminLeadsService } from '../admin/admin-leads.service';
import { workerConfig } from '../worker-config';

const BATCH = 500;

/** LEAD_RETENTION_DAYS: erases the personal data of leads older than that. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly leads: AdminLeadsService,
    @InjectPinoLogger(RetentionService.name) private readonly logger: PinoLogger,
  ) {}

  async eraseExpired(): Promise<{ erased: number }> {
    const days = workerConfig().LEAD_RETENTION_DAYS;
    if (days === 0) return { erased: 0 };
    let erased = 0;
    for (;;) {
      const ids = await this.leads.expiredLeadIds(days, BATCH);
      for (const id of ids) {
        if ((await this.leads.erase(id, 'retention', `older than ${days} days`)).erased) erased++;
      }
      if (ids.length < BATCH) break;
    }
    if (erased) this.logger.info({ erased, days }, 'retention: personal data of old leads erased');
    return { erased };
  }
}
