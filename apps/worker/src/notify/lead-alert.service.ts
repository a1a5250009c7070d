import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { leadFromRow } from '../database/entities/lead.entity';
import { newLeadAlertKey } from '../intake/lead-store.service';
import { workerConfig } from '../worker-config';
import { buildAlertEmail } from './alert-email.builder';
import { MailTransport, SentMail } from './mail-transport.service';

export class AlertInFlightError extends Error {
  constructor(leadId: string) {
    super(`alert for lead ${leadId} is being sent by another attempt; will check again`);
    this.name = 'AlertInFlightError';
  }
}

const RECORD_SENT_ATTEMPTS = 5;
const RECORD_SENT_PAUSE_MS = 200;

export type AlertResult = 'sent' | 'already-sent' | 'no-ledger';

// Claims the ledger row: only a row not yet sent, and not being sent by a
// live attempt (a "sending" row older than the lease belongs to an attempt
// that died, e.g. a killed worker), is taken. Returns the lead in the same
// round trip.
// (Wrapped in a SELECT so the driver returns plain rows.)
const CLAIM_SQL = `
WITH claimed AS (
  UPDATE notifications n
     SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
    FROM leads l
   WHERE n.dedupe_key = $1 AND l.id = n.lead_id
     AND (n.status IN ('pending', 'failed')
          OR (n.status = 'sending' AND n.updated_at < now() - make_interval(secs => $2::int)))
  RETURNING n.id AS notification_id, l.*
)
SELECT * FROM claimed`;

/**
 * Exactly-once alerting: record before sending, record after sending. A
 * duplicate is only possible when the worker dies between the SMTP server
 * accepting the message and the second record.
 */
@Injectable()
export class LeadAlertService {
  private readonly config = workerConfig();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    @InjectPinoLogger(LeadAlertService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * Sends the new-lead alert unless it was sent already. Throws on failure
   * so the job is retried; `finalAttempt` marks the ledger failed instead
   * of pending when no retry will follow.
   */
  async deliverNewLeadAlert(leadId: string, finalAttempt: boolean): Promise<AlertResult> {
    const key = newLeadAlertKey(leadId);
    const claimed: (Record<string, unknown> & { notification_id: string })[] = await this.db.query(CLAIM_SQL, [
      key,
      this.config.ALERT_SEND_LEASE_SECONDS,
    ]);
    if (claimed.length === 0) return this.explainUnclaimed(leadId, key);

    const { notification_id: notificationId, ...row } = claimed[0];
    let sent: SentMail;
    try {
      const message = buildAlertEmail(leadFromRow(row), 'new-lead', { from: this.config.MAIL_FROM, to: this.config.MAIL_TO });
      sent = await this.mail.send(message);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.db.query(`UPDATE notifications SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [
        notificationId,
        finalAttempt ? 'failed' : 'pending',
        reason.slice(0, 1000),
      ]);
      this.logger.warn({ leadId, finalAttempt, err: reason }, 'alert email not sent');
      throw err;
    }
    await this.recordSent(notificationId, sent.messageId);
    return 'sent';
  }

  /**
   * The record after a successful send is the one write whose loss means a
   * duplicate alert, so it is retried briefly before giving up to BullMQ.
   */
  private async recordSent(notificationId: string, messageId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.query(
          `UPDATE notifications SET status = 'sent', sent_at = now(), updated_at = now(), message_id = $2, last_error = NULL WHERE id = $1`,
          [notificationId, messageId],
        );
        return;
      } catch (err) {
        if (attempt >= RECORD_SENT_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, RECORD_SENT_PAUSE_MS * attempt));
      }
    }
  }

  private async explainUnclaimed(leadId: string, key: string): Promise<AlertResult> {
    const rows: { status: string }[] = await this.db.query(`SELECT status FROM notifications WHERE dedupe_key = $1`, [key]);
    if (rows.length === 0) return 'no-ledger';
    if (rows[0].status === 'sent') return 'already-sent';
    throw new AlertInFlightError(leadId);
  }
}
