import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { BEIJING_TIME_ZONE } from '@app/contracts';
import { LedgerKey, ledgerKey } from '../data/ledger-key';
import { buildAutoresponseEmail } from './autoresponse-email.builder';
import { NotificationInFlightError, NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type AutoresponseResult = 'sent' | 'skipped' | 'already-sent' | 'no-ledger' | 'batched' | 'in-flight';

/** The visitor's day, for "at most one confirmation per address per day". */
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING_TIME_ZONE });

export function autoresponseKey(email: string, at: Date): LedgerKey {
  return { channel: 'email', kind: 'autoresponse', address: email, day: SHANGHAI_DATE.format(at) };
}

/**
 * The optional "已收到您的需求" email to the visitor. Fixed text that never
 * echoes what was typed, and one per address per day, so the form cannot be
 * used to send mail to third parties.
 */
@Injectable()
export class AutoresponseService {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  async deliver(leadId: string, email: string | null, receivedAt: Date, finalAttempt: boolean): Promise<AutoresponseResult> {
    if (!this.config.AUTORESPONSE_ENABLED || !email) return 'skipped';
    const key = autoresponseKey(email, receivedAt);
    await this.ledger.ensure({ key, leadId, recipients: email });
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
    await this.mailer.send([claim.id], () => buildAutoresponseEmail(email, ledgerKey(key), this.config.MAIL_FROM), finalAttempt);
    return 'sent';
  }
}
