import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { leadFromRow } from '../database/entities/lead.entity';
import { newLeadAlertKey } from '../intake/lead-store.service';
import { NotifyProducer } from '../queue/notify-producer.service';
import { workerConfig } from '../worker-config';
import { AlertNotice, buildAlertEmail } from './alert-email.builder';
import { Claim, NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type AlertResult = 'sent' | 'already-sent' | 'no-ledger' | 'batched';

/** The one new-lead alert per lead, through the ledger. */
@Injectable()
export class LeadAlertService {
  private readonly config = workerConfig();

  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly producer: NotifyProducer,
    @InjectPinoLogger(LeadAlertService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Sends the new-lead alert unless it was sent (or parked for a digest)
   * already. Throws on failure so the job is retried; `finalAttempt` marks
   * the ledger failed instead of pending when no retry will follow.
   * `claimed` is the row when the caller already holds it (a lead just stored).
   */
  deliverNewLeadAlert(leadId: string, finalAttempt: boolean, claimed?: Claim): Promise<AlertResult> {
    return this.deliver(newLeadAlertKey(leadId), 'new-lead', finalAttempt, claimed);
  }

  /** A resend staff asked for: same alert, marked as such, recorded apart. */
  deliverResend(ledgerKey: string, finalAttempt: boolean): Promise<AlertResult> {
    return this.deliver(ledgerKey, 'resend', finalAttempt);
  }

  private async deliver(key: string, notice: AlertNotice, finalAttempt: boolean, claimed?: Claim): Promise<AlertResult> {
    const claim = claimed ?? (await this.ledger.claim(key));
    if (typeof claim === 'string') return claim;
    if (!claim.lead || claim.lead.erased_at) {
      await this.ledger.recordFailure([claim.id], new Error('lead erased before its alert went out'), true);
      return 'no-ledger';
    }
    // Only new-lead alerts count towards (and are held back by) the flood guard.
    if (notice === 'new-lead' && (await this.flooded())) {
      // Still exactly one alert for this lead: the digest that covers it.
      await this.ledger.markBatched(claim.id);
      await this.producer.scheduleDigest();
      this.logger.warn({ leadId: claim.lead.id }, 'alert flood: lead parked for the next digest email');
      return 'batched';
    }
    const lead = leadFromRow(claim.lead);
    const settings = { from: this.config.MAIL_FROM, to: this.config.MAIL_TO };
    await this.mailer.send(
      [claim.id],
      () => buildAlertEmail(lead, notice, settings, notice === 'resend' ? key : undefined),
      finalAttempt,
    );
    return 'sent';
  }

  private async flooded(): Promise<boolean> {
    const limit = this.config.FLOOD_ALERTS_PER_MINUTE;
    // The claimed row itself counts as "sending", hence the strict comparison.
    return limit > 0 && (await this.ledger.alertsSentLastMinute()) > limit;
  }
}
