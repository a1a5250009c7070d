import { Injectable } from '@nestjs/common';
import type { SendMailOptions } from 'nodemailer';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { MailTransport } from './mail-transport.service';
import { NotificationLedger } from './notification-ledger.service';

/**
 * Sends a message for claimed ledger rows and records the outcome: sent
 * with its Message-ID, or back to `retryStatus` (failed on the last
 * attempt). Rethrows a failure so the job is retried.
 */
@Injectable()
export class RecordedMailer {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly mail: MailTransport,
    @InjectPinoLogger(RecordedMailer.name) private readonly logger: PinoLogger,
  ) {}

  async send(
    ids: string[],
    compose: () => SendMailOptions,
    finalAttempt: boolean,
    retryStatus: 'pending' | 'batched' = 'pending',
  ): Promise<void> {
    let messageId: string;
    try {
      messageId = (await this.ledger.whileHeld(ids, () => this.mail.send(compose()))).messageId;
    } catch (err) {
      await this.ledger.recordFailure(ids, err, finalAttempt, retryStatus);
      this.logger.warn({ notifications: ids.length, finalAttempt, err: (err as Error).message }, 'email not sent');
      throw err;
    }
    await this.ledger.recordSent(ids, messageId);
  }
}
