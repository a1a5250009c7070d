import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue, UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { JobName, JobQueue, QueueName, type RetentionPayload } from '@app/contracts';
import { AuditRepository } from '../data/audit.repository';
import { LeadErasure } from './lead-erasure.service';
import { RetentionCursor, RetentionRepository } from '../data/retention.repository';
import { StaffRepository } from '../data/staff.repository';

/** Leads per read: one short indexed read, then one statement per lead (no lock on `leads` held for long). */
export const RETENTION_BATCH = 500;
/**
 * How long one retention job erases before it hands the rest to a job of
 * its own. The maintenance queue runs one job at a time: a purge of 100,000
 * leads in one job held the sweep and the SLA reminders back for 4-11
 * minutes (bench/retention-locks.js).
 */
export const RETENTION_SLICE_MS = 10_000;
const DAY_MS = 86_400_000;

export interface RetentionRun {
  erased: number;
  auditPurged: number;
  /** A job was queued to go on where this one stopped. */
  continued: boolean;
}

/** LEAD_RETENTION_DAYS: erases the personal data of leads older than that; AUDIT_RETENTION_DAYS: drops old audit entries. */
@Injectable()
export class RetentionService {
  private readonly jobs: JobQueue<QueueName.Maintenance>;

  constructor(
    private readonly expired: RetentionRepository,
    private readonly erasure: LeadErasure,
    private readonly audit: AuditRepository,
    private readonly staff: StaffRepository,
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(RetentionService.name) private readonly logger: PinoLogger,
  ) {
    this.jobs = new JobQueue(QueueName.Maintenance, queue);
  }

  /** One slice of a purge: the scheduled start (`{}`), or a continuation of one. */
  async eraseExpired(payload: RetentionPayload = {}, sliceMs = RETENTION_SLICE_MS): Promise<RetentionRun> {
    const { horizon, after } = continuation(payload);
    const auditPurged = horizon ? 0 : await this.purgeAccounts();
    const days = this.config.LEAD_RETENTION_DAYS;
    if (days === 0) return { erased: 0, auditPurged, continued: false };
    const run = await this.eraseLeads(horizon ?? new Date(Date.now() - days * DAY_MS), after, days, sliceMs);
    if (run.next) await this.jobs.enqueue(JobName.Retention, { horizon: run.horizon.toISOString(), after: run.next });
    if (run.erased)
      this.logger.info({ erased: run.erased, days, continued: !!run.next }, 'retention: personal data of old leads erased');
    return { erased: run.erased, auditPurged, continued: !!run.next };
  }

  private async purgeAccounts(): Promise<number> {
    const purged = await this.audit.purge(this.config.AUDIT_RETENTION_DAYS);
    await this.staff.purgeStale(this.config.SESSION_IDLE_MINUTES, this.config.SESSION_MAX_HOURS);
    return purged;
  }

  /**
   * Erases, batch by batch, the leads received before the horizon (fixed
   * when the purge starts and handed on, so a purge ends even while leads
   * keep ageing), each batch after the last lead of the one before: a lead
   * erasure skipped or that raced another is never read again in this
   * purge, and no batch walks the rows erased before (the partial index
   * holds only those still due). Stops after the batch that ends the slice,
   * with the cursor to go on from.
   */
  private async eraseLeads(horizon: Date, after: RetentionCursor | null, days: number, sliceMs: number) {
    const started = Date.now();
    let erased = 0;
    for (;;) {
      const batch = await this.expired.expiredAfter(horizon, after, RETENTION_BATCH);
      for (const id of batch.ids) {
        // Not durable: a crash may undo the last erasures, and the next run repeats them.
        if ((await this.erasure.erase(id, 'retention', `older than ${days} days`, { durable: false }))?.erased) erased++;
      }
      if (batch.ids.length < RETENTION_BATCH) return { horizon, erased, next: null };
      after = batch.next;
      if (Date.now() - started >= sliceMs) return { horizon, erased, next: after };
    }
  }
}

/** The payload's horizon and cursor; a payload no producer of ours writes is refused for good. */
function continuation(payload: RetentionPayload): { horizon: Date | null; after: RetentionCursor | null } {
  const { horizon, after } = payload ?? {};
  if (horizon === undefined && after === undefined) return { horizon: null, after: null };
  const at = typeof horizon === 'string' ? new Date(horizon) : null;
  const cursorOk = after !== undefined && typeof after?.receivedAt === 'string' && typeof after?.id === 'string';
  if (!at || Number.isNaN(at.getTime()) || !cursorOk) {
    throw new UnrecoverableError('retention continuation needs an ISO horizon and an after cursor {receivedAt, id}');
  }
  return { horizon: at, after: after as RetentionCursor };
}
