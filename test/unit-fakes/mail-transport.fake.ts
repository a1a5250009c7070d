import type { SendMailOptions } from 'nodemailer';
import type { MailTransport, SentMail } from '../../apps/worker/src/notify/mail-transport.service';

/**
 * MailTransport in memory: keeps every message it accepted; `failNext`
 * makes the next sends throw as an SMTP outage would.
 */
export class FakeMailTransport {
  readonly sent: SendMailOptions[] = [];
  private failures: Error[] = [];

  failNext(err: Error = new Error('connect ECONNREFUSED 127.0.0.1:25'), times = 1): this {
    for (let i = 0; i < times; i++) this.failures.push(err);
    return this;
  }

  async send(options: SendMailOptions): Promise<SentMail> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(options);
    return { messageId: `<m${this.sent.length}@test>`, destination: 'memory' };
  }

  /** Typed as the real transport for constructors. */
  asTransport(): MailTransport {
    return this as unknown as MailTransport;
  }
}
