import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { leadFromRow } from '../database/entities/lead.entity';
import { workerConfig } from '../worker-config';
import { buildDigestEmail } from './alert-email.builder';
import { RecordedMailer } from './recorded-mailer.service';
import { NotificationLedger } from './notification-ledger.service';

const DIGEST_MAX_LEADS = 500;

/** Sends one email for every alert the flood guard parked. */
@Injectable()
export class AlertDigestService {
  private readonly config = workerConfig();

  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    @InjectPinoLogger(AlertDigestService.name) private readonly logger: PinoLogger,
  ) {}

  async sendDigest(finalAttempt: boolean): Promise<{ leads: number }> {
    const claimed = await this.ledger.claimBatched(DIGEST_MAX_LEADS);
    if (claimed.length === 0) return { leads: 0 };
    const ids = claimed.map((c) => c.id);
    const leads = claimed.map((c) => leadFromRow(c.lead));
    const settings = { from: this.config.MAIL_FROM, to: this.config.MAIL_TO };
    // On failure they are parked again, so the retry (or the next digest) covers them.
    await this.mailer.send(ids, () => buildDigestEmail(leads, settings), finalAttempt, 'batched');
    this.logger.warn({ leads: ids.length }, 'alert digest sent');
    return { leads: ids.length };
  }
}
