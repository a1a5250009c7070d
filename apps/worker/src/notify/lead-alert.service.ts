import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { leadFromRow } from '../database/entities/lead.entity';
import { newLeadAlertKey } from '../intake/lead-store.service';
import { NotifyProducer } from '../queue/notify-producer.service';
import { workerConfig } from '../worker-config';
import { buildAlertEmail } from './alert-email.builder';
import { MailTransport } from './mail-transport.service';
import { NotificationLedger } from './notification-ledger.service';

export type AlertResult = 'sent' | 'already-sent' | 'no-ledger' | 'batched';

/** The one new-lead alert per lead, through the ledger. */
@Injectable()
export class LeadAlertService {
  private readonly config = workerConfig();

  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mail: MailTransport,
    private readonly producer: NotifyProducer,
    @InjectPinoLogger(LeadAlertService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Sends the new-lead alert unless it was sent (or parked for a digest)
   * already. Throws on failure so the job is retried; `finalAttempt` marks
   * the ledger failed instead of pending when no retry will follow.
   */
  async deliverNewLeadAlert(leadId: string, finalAttempt: boolean): Promise<AlertResult> {
    const claim = await this.ledger.claim(newLeadAlertKey(leadId));
    if (typeof claim === 'string') return claim;
    if (!claim.lead || claim.lead.erased_at) {
      await this.ledger.recordFailure([claim.id], new Error('lead erased before its alert went out'), true);
      return 'no-ledger';
    }
    if (await this.flooded()) {
      // Still exactly one alert for this lead: the digest that covers it.
      await this.ledger.markBatched(claim.id);
      await this.producer.scheduleDigest();
      this.logger.warn({ leadId }, 'alert flood: lead parked for the next digest email');
      return 'batched';
    }
    try {
      const message = buildAlertEmail(leadFromRow(claim.lead), 'new-lead', { from: this.config.MAIL_FROM, to: this.config.MAIL_TO });
      const sent = await this.mail.send(message);
      await this.ledger.recordSent([claim.id], sent.messageId);
      return 'sent';
    } catch (err) {
      await this.ledger.recordFailure([claim.id], err, finalAttempt);
      this.logger.warn({ leadId, finalAttempt, err: (err as Error).message }, 'alert email not sent');
      throw err;
    }
  }

  /** A resend staff asked for: same alert, marked as such, recorded apart. */
  async deliverResend(ledgerKey: string, finalAttempt: boolean): Promise<AlertResult> {
    const claim = await this.ledger.claim(ledgerKey);
    if (typeof claim === 'string') return claim;
    if (!claim.lead || claim.lead.erased_at) {
      await this.ledger.recordFailure([claim.id], new Error('lead erased'), true);
      return 'no-ledger';
    }
    try {
      const message = buildAlertEmail(leadFromRow(claim.lead), 'resend', { from: this.config.MAIL_FROM, to: this.config.MAIL_TO }, ledgerKey);
      const sent = await this.mail.send(message);
      await this.ledger.recordSent([claim.id], sent.messageId);
      return 'sent';
    } catch (err) {
      await this.ledger.recordFailure([claim.id], err, finalAttempt);
      throw err;
    }
  }

  private async flooded(): Promise<boolean> {
    const limit = this.config.FLOOD_ALERTS_PER_MINUTE;
    // The claimed row itself counts as "sending", hence the strict comparison.
    return limit > 0 && (await this.ledger.alertsSentLastMinute()) > limit;
  }
}
