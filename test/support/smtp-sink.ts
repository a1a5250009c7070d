import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports';

/** One message the sink accepted, with the SMTP envelope (who it was really sent to). */
export interface SinkMessage {
  envelopeFrom: string | null;
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
  /** Header value exactly as sent (unfolded), or undefined; case-insensitive name. */
  header(name: string): string | undefined;
}

/** Make the sink refuse every message with this SMTP reply (e.g. 451 transient, 550 permanent). */
export interface SinkRejection {
  code: number;
  message?: string;
}

import { waitFor } from './wait';

// Re-exported for the specs that import it from here; defined once in wait.js.
export { waitFor };

/**
 * An in-process SMTP server standing in for the mail relay. It keeps its port
 * across stop()/start(), so a worker configured with its URL sees "SMTP down"
 * and later "SMTP back" exactly as with a real relay restart.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** Every DATA the sink saw, accepted or rejected: shows that a sender retried. */
  deliveryAttempts = 0;
  private server: SMTPServer | null = null;
  private rejection: SinkRejection | null = null;

  private constructor(readonly port: number) {}

  static async create(options: { port?: number; reject?: SinkRejection } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options.port ?? (await freePort()));
    sink.rejection = options.reject ?? null;
    await sink.start();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** null: accept again. */
  rejectWith(rejection: SinkRejection | null): void {
    this.rejection = rejection;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      // Plain SMTP like a local relay: no STARTTLS (the built-in cert is self-signed) and no AUTH.
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      closeTimeout: 500,
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    // A client dropping mid-session is expected while we simulate outages.
    server.on('error', () => undefined);
    this.server = server;
  }

  /** Stops listening and drops open (pooled) connections at once, like a relay going down. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const connection of server.connections) {
        connection.send(421, 'Service shutting down');
        connection.close();
      }
    });
  }

  /** Messages whose X-Lead-Id header is `leadId`. */
  forLead(leadId: string): SinkMessage[] {
    return this.messages.filter((m) => m.header('x-lead-id') === leadId);
  }

  /** Resolves with the first message matching `predicate`, waiting up to `timeoutMs`. */
  /** New-lead alert emails per lead id (the contract's one alert per lead; other notices not counted). */
  alertsByLead(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      const id = m.header('x-lead-id');
      if (id && m.header('x-lead-notice') === 'new-lead') counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs = 15000, label = 'an email'): Promise<SinkMessage> {
    return waitFor(() => this.messages.find(predicate), timeoutMs, label);
  }

  waitForLead(leadId: string, timeoutMs = 15000): Promise<SinkMessage> {
    return this.waitFor((m) => m.header('x-lead-id') === leadId, timeoutMs, `the alert email of lead ${leadId}`);
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      this.deliveryAttempts++;
      const rejection = this.rejection;
      if (rejection) {
        const err = Object.assign(new Error(rejection.message ?? 'Rejected by the test sink'), {
          responseCode: rejection.code,
        });
        return callback(err);
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      simpleParser(raw).then(
        (mail) => {
          // Recorded before the 250 goes out, so a sender that saw success always finds its message here.
          this.messages.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            raw,
            mail,
            header: (name) => rawHeader(mail, name),
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    });
  }
}

function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const line = mail.headerLines.find((h) => h.key === wanted)?.line;
  if (line === undefined) return undefined;
  // "Key: value" with possible folding (CRLF + whitespace) -> the value on one line.
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
