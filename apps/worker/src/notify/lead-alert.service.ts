import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { BusinessCalendar } from '../data/business-calendar';
import { FormRepository, type LeadForm } from '../data/form.repository';
import { LedgerKey } from '../data/ledger-key';
import type { ClaimedNotification } from '../data/notification.repository';
import { StaffRepository } from '../data/staff.repository';
import { TaskRepository } from '../data/task.repository';
import { NotifyProducer } from '../queue/notify-producer.service';
import { AlertNotice, AlertOwner, buildAlertEmail } from './alert-email.builder';
import { leadAnswers } from './lead-answers';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type AlertResult = 'sent' | 'already-sent' | 'no-ledger' | 'batched';

type ResendKey = Extract<LedgerKey, { kind: 'resend' }>;

/** The one new-lead alert per lead, through the ledger. */
@Injectable()
export class LeadAlertService {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly producer: NotifyProducer,
    private readonly staff: StaffRepository,
    private readonly tasks: TaskRepository,
    private readonly calendar: BusinessCalendar,
    private readonly forms: FormRepository,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(LeadAlertService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Sends the new-lead alert unless it was sent (or parked for a digest)
   * already. Throws on failure so the job is retried; `finalAttempt` marks
   * the ledger failed instead of pending when no retry will follow.
   * `claimed` is the row when the caller already holds it (a lead just
   * stored), `owner` the task's owner chosen with it (saves a lookup),
   * `form` the form and answers intake already holds (null: none).
   */
  deliverNewLeadAlert(
    leadId: string,
    finalAttempt: boolean,
    claimed?: ClaimedNotification,
    owner?: { login: string | null; name: string | null },
    form?: LeadForm | null,
  ): Promise<AlertResult> {
    return this.deliver({ channel: 'email', kind: 'new-lead', leadId }, finalAttempt, claimed, owner, form);
  }

  /** A resend staff asked for: same alert, marked as such, recorded apart. */
  deliverResend(key: ResendKey, finalAttempt: boolean): Promise<AlertResult> {
    return this.deliver(key, finalAttempt);
  }

  private async deliver(
    key: Extract<LedgerKey, { kind: AlertNotice }>,
    finalAttempt: boolean,
    claimed?: ClaimedNotification,
    known?: { login: string | null; name: string | null },
    knownForm?: LeadForm | null,
  ): Promise<AlertResult> {
    const notice = key.kind;
    const claim = claimed ?? (await this.ledger.claim(key));
    if (typeof claim === 'string') return claim;
    const lead = claim.lead;
    if (!lead || lead.erasedAt) {
      await this.ledger.recordFailure([claim.id], new Error('lead erased before its alert went out'), true);
      return 'no-ledger';
    }
    // Only new-lead alerts count towards (and are held back by) the flood guard.
    if (notice === 'new-lead' && (await this.flooded())) {
      // Still exactly one alert for this lead: the digest that covers it.
      await this.ledger.markBatched(claim.id);
      await this.producer.scheduleDigest();
      this.logger.warn({ leadId: lead.id }, 'alert flood: lead parked for the next digest email');
      return 'batched';
    }
    // A form's routing may have named other recipients for this lead's alert; the ledger row keeps them for retries.
    const routed = notice === 'new-lead' ? (claim.recipients ?? '').split(', ').filter(Boolean) : [];
    const settings = {
      from: this.config.MAIL_FROM,
      to: routed.length ? routed : this.config.MAIL_TO,
      adminUrl: this.config.PUBLIC_ADMIN_URL,
    };
    // A resend's Message-ID differs from the alert's (and each resend's from the others) by its resend id.
    const variant = key.kind === 'resend' ? key.resendId : undefined;
    const [owner, dueAt, form] = await Promise.all([
      this.ownerOf(lead.id, known),
      this.dueAt(lead, claimed !== undefined),
      knownForm === undefined ? this.forms.ofLead(lead.id) : knownForm,
    ]);
    const answers = leadAnswers(form);
    await this.mailer.send(
      [claim.id],
      () => buildAlertEmail(lead, notice, settings, variant, owner, dueAt, answers),
      finalAttempt,
    );
    return 'sent';
  }

  /**
   * When the lead's task is due, for "please call before". A lead stored
   * just now got its task in the same statement, due by the same calendar:
   * no lookup; a retry or resend reads the task.
   */
  private async dueAt(lead: { id: string; receivedAt: Date }, justStored: boolean): Promise<Date | null> {
    if (justStored) return this.calendar.dueAt(lead.receivedAt);
    return (await this.tasks.findByLead(lead.id))?.dueAt ?? null;
  }

  /** The alert names the owner; without one, managers read whether round robin found nobody on duty. */
  private async ownerOf(leadId: string, known?: { login: string | null; name: string | null }): Promise<AlertOwner> {
    const found = known ?? (await this.staff.ownerOfLead(leadId));
    if (found?.login) return { login: found.login, name: found.name };
    return { login: null, nobodyEligible: this.config.ASSIGNMENT === 'round-robin' };
  }

  private async flooded(): Promise<boolean> {
    const limit = this.config.FLOOD_ALERTS_PER_MINUTE;
    // The claimed row itself counts as "sending", hence the strict comparison.
    return limit > 0 && (await this.ledger.alertsSentLastMinute(limit + 1)) > limit;
  }
}
