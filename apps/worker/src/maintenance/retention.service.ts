import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { AuditRepository } from '../data/audit.repository';
import { LeadErasure } from './lead-erasure.service';
import { LeadRepository } from '../data/lead.repository';
import { StaffRepository } from '../data/staff.repository';

const BATCH = 500;

/** LEAD_RETENTION_DAYS: erases the personal data of leads older than that; AUDIT_RETENTION_DAYS: drops old audit entries. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly erasure: LeadErasure,
    private readonly audit: AuditRepository,
    private readonly staff: StaffRepository,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(RetentionService.name) private readonly logger: PinoLogger,
  ) {}

  async eraseExpired(): Promise<{ erased: number; auditPurged: number }> {
    const auditPurged = await this.audit.purge(this.config.AUDIT_RETENTION_DAYS);
    await this.staff.purgeStale(this.config.SESSION_IDLE_MINUTES, this.config.SESSION_MAX_HOURS);
    return { erased: await this.eraseLeads(), auditPurged };
  }

  private async eraseLeads(): Promise<number> {
    const days = this.config.LEAD_RETENTION_DAYS;
    if (days === 0) return 0;
    let erased = 0;
    for (;;) {
      const ids = await this.leads.expiredIds(days, BATCH);
      for (const id of ids) {
        if ((await this.erasure.erase(id, 'retention', `older than ${days} days`))?.erased) erased++;
      }
      if (ids.length < BATCH) break;
    }
    if (erased) this.logger.info({ erased, days }, 'retention: personal data of old leads erased');
    return erased;
  }
}
