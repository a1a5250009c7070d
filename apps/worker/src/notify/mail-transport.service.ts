import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { InjectConfig, WorkerConfig } from '@app/config';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { ComposedMail, composeMail } from './mail-bytes';

export interface SentMail {
  messageId: string;
  /** Where it went: the SMTP server's reply, or the .eml file written. */
  destination: string;
}

export type SmtpState = 'ok' | 'failing' | 'unknown' | 'file';

// Defaults of every message. Base64, not nodemailer's quoted-printable:
// Chinese text comes out at a third of the size and is encoded natively, not in JS.
const MESSAGE_DEFAULTS: SendMailOptions = { textEncoding: 'base64' };

/**
 * Sends mail through pooled SMTP (`SMTP_URL`), or, with no SMTP configured,
 * writes each message as an .eml file so a fresh checkout works without a
 * mail server.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly smtp: Transporter | null;
  private lastOutcome: SmtpState;

  constructor(
    private readonly metrics: WorkerMetrics,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {
    const timeout = this.config.SMTP_TIMEOUT_MS;
    if (this.config.SMTP_URL) {
      this.smtp = createTransport({
        url: this.config.SMTP_URL,
        pool: true,
        maxConnections: 5,
        // Bounded, so a hung SMTP server fails the attempt (and BullMQ
        // retries it) instead of holding the job's lock forever.
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      } as Parameters<typeof createTransport>[0]);
      this.lastOutcome = 'unknown';
    } else {
      this.smtp = null;
      this.lastOutcome = 'file';
    }
  }

  get state(): SmtpState {
    return this.lastOutcome;
  }

  async send(message: SendMailOptions): Promise<SentMail> {
    const kind = String((message.headers as Record<string, unknown> | undefined)?.['X-Lead-Notice'] ?? 'other');
    try {
      // One buffer, handed to nodemailer as `raw`: one write to the socket instead of one per MIME chunk.
      const mail = await composeMail({ ...MESSAGE_DEFAULTS, ...message });
      const sent = await (this.smtp ? this.sendSmtp(this.smtp, mail) : this.writeEml(mail));
      this.metrics.delivered(kind, true);
      return sent;
    } catch (err) {
      this.metrics.delivered(kind, false);
      throw err;
    }
  }

  private async sendSmtp(smtp: Transporter, mail: ComposedMail): Promise<SentMail> {
    try {
      const info = await smtp.sendMail({ raw: mail.raw, envelope: mail.envelope, messageId: mail.messageId });
      this.lastOutcome = 'ok';
      return { messageId: mail.messageId, destination: String(info.response ?? 'smtp') };
    } catch (err) {
      this.lastOutcome = 'failing';
      throw err;
    }
  }

  private async writeEml(mail: ComposedMail): Promise<SentMail> {
    const dir = resolve(this.config.MAIL_DIR);
    await mkdir(dir, { recursive: true });
    // Sortable by time, unique by the Message-ID's hash.
    const unique = createHash('sha256').update(mail.messageId).digest('hex').slice(0, 16);
    const base = `${new Date().toISOString().replace(/[:.]/g, '-')}-${unique}`;
    const tmp = join(dir, `.${base}.tmp`);
    const file = join(dir, `${base}.eml`);
    // Write then rename, so a reader never sees half a message.
    await writeFile(tmp, mail.raw);
    await rename(tmp, file);
    return { messageId: mail.messageId, destination: file };
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
