import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { HandoverPayload } from '@app/contracts';
import type { LedgerKey } from '../data/ledger-key';
import { LeadRepository } from '../data/lead.repository';
import { PERMANENT_FAILURE } from '../data/notification.repository';
import { StaffRepository } from '../data/staff.repository';
import { TaskRepository } from '../data/task.repository';
import { buildHandoverEmail, type HandoverCustomer, type HandoverTask } from './handover-email.builder';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type HandoverNoticeResult = 'sent' | 'already-sent' | 'no-recipient';

/** The ledger key of one task's hand-over notice. */
export function handoverKey(taskId: string, handoverId: string): LedgerKey {
  return { channel: 'email', kind: 'handover', taskId, handoverId };
}

/**
 * Tells a new owner which tasks a departing colleague's hand-over gave
 * them: one email for all of them, through the ledger like every notice
 * (one row per task and hand-over, so each task is told exactly once
 * however often the job runs). A failed send throws, so the job is retried
 * with backoff; the last attempt marks the rows failed.
 */
@Injectable()
export class HandoverNoticeService {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly staff: StaffRepository,
    private readonly leads: LeadRepository,
    private readonly tasks: TaskRepository,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(HandoverNoticeService.name) private readonly logger: PinoLogger,
  ) {}

  async deliver(p: HandoverPayload, finalAttempt: boolean): Promise<HandoverNoticeResult> {
    const claimed: { id: string; task: HandoverTask }[] = [];
    for (const task of p.tasks) {
      const claim = await this.ledger.claim(handoverKey(task.taskId, p.handoverId));
      if (typeof claim !== 'string') claimed.push({ id: claim.id, task });
    }
    if (claimed.length === 0) return 'already-sent';
    const ids = claimed.map((c) => c.id);
    const [to, from] = await Promise.all([this.staff.contact(p.to), this.staff.contact(p.from)]);
    if (!to?.email) {
      await this.ledger.recordFailure(ids, `${PERMANENT_FAILURE}: ${p.to} has no email address`, true);
      this.logger.warn({ to: p.to, tasks: ids.length }, 'hand-over notice dropped: the new owner has no email');
      return 'no-recipient';
    }
    const email = to.email;
    const customers = await Promise.all(claimed.map((c) => this.customerOf(c.task)));
    await this.mailer.send(
      ids,
      () =>
        buildHandoverEmail({ login: to.login, email }, { login: p.from, name: from?.displayName ?? p.from }, customers, {
          from: this.config.MAIL_FROM,
          handoverId: p.handoverId,
          adminUrl: this.config.PUBLIC_ADMIN_URL,
        }),
      finalAttempt,
    );
    return 'sent';
  }

  /** Who the customer is and when their task is due, as of now (an erased lead has no name left). */
  private async customerOf(task: HandoverTask): Promise<HandoverCustomer> {
    const [lead, row] = await Promise.all([this.leads.findById(task.leadId), this.tasks.findByLead(task.leadId)]);
    const erased = !lead || lead.erasedAt !== null;
    return {
      leadId: task.leadId,
      name: erased ? null : lead.name,
      company: erased ? null : lead.company,
      phone: erased ? null : lead.phone,
      phoneRaw: erased ? null : lead.phoneRaw,
      dueAt: row?.dueAt ?? null,
    };
  }
}
