import { Injectable } from '@nestjs/common';
import { buildAutoresponseEmail } from './autoresponse-email.builder';
import { RecordedMailer } from './recorded-mailer.service';
import { NotificationInFlightError, NotificationLedger } from './notification-ledger.service';
import { workerConfig } from '../worker-config';

export type AutoresponseResult = 'sent' | 'skipped' | 'already-sent' | 'no-ledger' | 'batched' | 'in-flight';

/** The visitor's day, for "at most one confirmation per address per day". */
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

function shanghaiDate(d: Date): string {
  return SHANGHAI_DATE.format(d);
}

export function autoresponseKey(email: string, at: Date): string {
  return `email:autoresponse:${email.toLowerCase()}:${shanghaiDate(at)}`;
}

/**
 * The optional "已收到您的需求" email to the visitor. Fixed text that never
 * echoes what was typed, and one per address per day, so the form cannot be
 * used to send mail to third parties.
 */
@Injectable()
export class AutoresponseService {
  private readonly config = workerConfig();

  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
  ) {}

  async deliver(leadId: string, email: string | null, receivedAt: Date, finalAttempt: boolean): Promise<AutoresponseResult> {
    if (!this.config.AUTORESPONSE_ENABLED || !email) return 'skipped';
    const key = autoresponseKey(email, receivedAt);
    await this.ledger.ensure({ key, leadId, channel: 'email', kind: 'autoresponse', recipients: email });
    let claim;
    try {
      claim = await this.ledger.claim(key);
    } catch (err) {
      // Another lead from the same address is sending today's confirmation;
      // that job owns it (and retries it), this one has nothing to add.
      if (err instanceof NotificationInFlightError) return 'in-flight';
      throw err;
    }
    if (typeof claim === 'string') return claim;
    await this.mailer.send([claim.id], () => buildAutoresponseEmail(email, key, this.config.MAIL_FROM), finalAttempt);
    return 'sent';
  }
}
