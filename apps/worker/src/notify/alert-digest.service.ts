import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { buildDigestEmail } from './alert-email.builder';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

const DIGEST_MAX_LEADS = 500;

/** Sends one email for every alert the flood guard parked. */
@Injectable()
export class AlertDigestService {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(AlertDigestService.name) private readonly logger: PinoLogger,
  ) {}

  async sendDigest(finalAttempt: boolean): Promise<{ leads: number }> {
    const claimed = await this.ledger.claimParked(DIGEST_MAX_LEADS);
    if (claimed.length === 0) return { leads: 0 };
    const ids = claimed.map((c) => c.id);
    const leads = claimed.map((c) => c.lead);
    const settings = { from: this.config.MAIL_FROM, to: this.config.MAIL_TO, adminUrl: this.config.PUBLIC_ADMIN_URL };
    // On failure they are parked again, so the retry (or the next digest) covers them.
    await this.mailer.send(ids, () => buildDigestEmail(leads, settings), finalAttempt, 'batched');
    this.logger.warn({ leads: ids.length }, 'alert digest sent');
    return { leads: ids.length };
  }
}
