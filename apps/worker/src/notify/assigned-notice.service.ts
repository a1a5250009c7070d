import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { ARRIVAL_STEP, AssignedNotice, AssignedNoticeRepository } from '../data/assigned-notice.repository';
import { PERMANENT_FAILURE } from '../data/notification.repository';
import { PersonalLinks } from './personal-links.service';
import { StaffRepository } from '../data/staff.repository';
import { buildAssignedEmail } from './assigned-email.builder';
import { NotificationInFlightError, NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type AssignedNoticeResult = 'sent' | 'already-sent' | 'none' | 'in-flight' | 'unsent';

/**
 * The owner's personal email when a lead becomes theirs at arrival or by a
 * hand-over, with their one-tap link. Recorded in the ledger first (one row
 * per owner and step), then sent; a failed send stays pending and the SLA
 * check sends it again (RerouteService re-drives every `assigned` row).
 */
@Injectable()
export class AssignedNoticeService {
  constructor(
    private readonly notices: AssignedNoticeRepository,
    private readonly links: PersonalLinks,
    private readonly staff: StaffRepository,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(AssignedNoticeService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * A new lead's owner (round robin or returning customer), once. Throws
   * only when the notice could not be recorded; a failed send is left
   * pending for the SLA check.
   */
  async onArrival(leadId: string): Promise<AssignedNoticeResult> {
    const notice = await this.notices.recordArrival(leadId);
    return notice ? this.tryDeliver(notice) : 'none';
  }

  /** A task someone gave to `login` (not themselves), once per such change; as onArrival. */
  async onHandOver(taskId: string, login: string): Promise<AssignedNoticeResult> {
    const notice = await this.notices.recordHandOver(taskId, login);
    return notice ? this.tryDeliver(notice) : 'none';
  }

  private tryDeliver(notice: AssignedNotice): Promise<AssignedNoticeResult> {
    return this.deliver(notice).catch((err: unknown) => {
      this.logger.warn({ taskId: notice.taskId, err: (err as Error).message }, 'owner notice not sent; the SLA check retries');
      return 'unsent' as const;
    });
  }

  /** Sends a recorded notice unless it went out already. Throws when the send failed (the row stays pending). */
  async deliver(notice: AssignedNotice): Promise<AssignedNoticeResult> {
    const login = await this.notices.addressee(notice.taskId, notice.key.step);
    let claim;
    try {
      claim = await this.ledger.claim(notice.key);
    } catch (err) {
      if (err instanceof NotificationInFlightError) return 'in-flight';
      throw err;
    }
    if (typeof claim === 'string') return claim === 'already-sent' ? 'already-sent' : 'none';
    const lead = claim.lead;
    const link = lead && !lead.erasedAt && login ? await this.links.linkFor(lead.id, login) : null;
    if (!lead || !link || notice.recipients.length === 0) {
      await this.ledger.recordFailure([claim.id], `${PERMANENT_FAILURE}: the lead or its owner's account is gone`, true);
      return 'none';
    }
    const from = notice.key.step === ARRIVAL_STEP ? null : await this.handedBy(notice);
    const input = {
      lead,
      taskId: notice.taskId,
      step: notice.key.step,
      to: notice.recipients,
      link,
      from,
      claimWithinMinutes: this.config.CLAIM_WITHIN_MINUTES,
      linkTtlHours: this.config.LINK_TTL_HOURS,
    };
    await this.mailer.send([claim.id], () => buildAssignedEmail(input, { from: this.config.MAIL_FROM }), false);
    this.logger.info({ taskId: notice.taskId, step: notice.key.step }, 'owner told with a personal link');
    return 'sent';
  }

  private async handedBy(notice: AssignedNotice): Promise<string> {
    const actor = await this.notices.handedBy(notice.taskId, notice.key.step);
    if (!actor) return '';
    const contact = await this.staff.contact(actor);
    return contact && contact.displayName !== actor ? `${contact.displayName} (${actor})` : actor;
  }
}
