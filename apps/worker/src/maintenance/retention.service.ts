import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { AuditRepository } from '../data/audit.repository';
import { LeadErasure } from './lead-erasure.service';
import { RetentionRepository } from '../data/retention.repository';
import { StaffRepository } from '../data/staff.repository';

/** Leads per read: one short indexed read, then one statement per lead (no lock on `leads` held for long). */
export const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;

/** LEAD_RETENTION_DAYS: erases the personal data of leads older than that; AUDIT_RETENTION_DAYS: drops old audit entries. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly expired: RetentionRepository,
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

  /**
   * Erases, batch by batch, the leads received before the horizon (fixed
   * when the run starts, so a run ends even while leads keep ageing), each
   * batch after the last lead of the one before: a lead erasure skipped or
   * that raced another is never read again in this run, and no batch walks
   * the rows erased before (the partial index holds only those still due).
   */
  private async eraseLeads(): Promise<number> {
    const days = this.config.LEAD_RETENTION_DAYS;
    if (days === 0) return 0;
    const horizon = new Date(Date.now() - days * DAY_MS);
    let erased = 0;
    let after = null;
    for (;;) {
      const batch = await this.expired.expiredAfter(horizon, after, RETENTION_BATCH);
      for (const id of batch.ids) {
        // Not durable: a crash may undo the last erasures, and the next run repeats them.
        if ((await this.erasure.erase(id, 'retention', `older than ${days} days`, { durable: false }))?.erased) erased++;
      }
      if (batch.ids.length < RETENTION_BATCH) break;
      after = batch.next;
    }
    if (erased) this.logger.info({ erased, days }, 'retention: personal data of old leads erased');
    return erased;
  }
}
