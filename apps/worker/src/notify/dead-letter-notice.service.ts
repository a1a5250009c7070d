import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { DeadLetterRepository } from '../data/dead-letter.repository';
import { LedgerKey, ledgerKey } from '../data/ledger-key';
import { NotificationDraft, NotificationRepository, PERMANENT_FAILURE } from '../data/notification.repository';
import { StaffRepository } from '../data/staff.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { NotifyProducer } from '../queue/notify-producer.service';
import { ChannelDirectory } from './channels/channel-directory';
import { buildDeadLetterEmail } from './dead-letter-email.builder';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

export type DeadLetterNoticeResult = 'sent' | 'already-sent' | 'no-ledger' | 'batched' | 'dropped';

/** The board page that lists dead letters. */
export const DEAD_LETTERS_PATH = '/admin/board/dead-letters';

/**
 * Tells the admins, once, that an accepted lead could not be stored: one
 * email (active admins with an address, and MAIL_TO, who would have had
 * the lead) and one message per robot (no visitor text in it: a group sees
 * it). Webhooks are systems, not people, and get nothing. Each notice has
 * its ledger row, so a re-buried job or a second worker sends nothing twice.
 */
@Injectable()
export class DeadLetterNotices {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly notifications: NotificationRepository,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly deadLetters: DeadLetterRepository,
    private readonly staff: StaffRepository,
    private readonly notify: NotifyProducer,
    private readonly channels: ChannelProducer,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(DeadLetterNotices.name) private readonly logger: PinoLogger,
  ) {}

  /** Records the notices of one dead letter and queues them; a second call adds nothing. */
  async raise(deadLetterId: string): Promise<void> {
    const robots = this.directory.all.filter((d) => d.channel !== 'webhook');
    const email: NotificationDraft = {
      key: { channel: 'email', kind: 'dead-letter', deadLetterId },
      leadId: null,
      recipients: 'admins',
    };
    const drafts: NotificationDraft[] = [
      email,
      ...robots.map((d) => ({
        key: { channel: d.channel, kind: 'dead-letter', deadLetterId, destination: d.id } as LedgerKey,
        leadId: null,
        recipients: d.label,
      })),
    ];
    await this.notifications.ensureMany(drafts);
    await this.notify.deadLetter({ deadLetterId });
    if (robots.length > 0) {
      await this.channels.alert(drafts.slice(1).map((d, i) => ({ ledgerKey: ledgerKey(d.key), destinationId: robots[i].id })));
    }
  }

  async deliverEmail(deadLetterId: string, finalAttempt: boolean): Promise<DeadLetterNoticeResult> {
    const claim = await this.ledger.claim({ channel: 'email', kind: 'dead-letter', deadLetterId });
    if (typeof claim === 'string') return claim;
    const dl = await this.deadLetters.find(deadLetterId);
    if (!dl) {
      await this.ledger.recordFailure([claim.id], `${PERMANENT_FAILURE}: the dead letter is gone`, true);
      return 'dropped';
    }
    const admins = (await this.staff.list()).filter((s) => s.active && s.role === 'admin' && s.email).map((s) => s.email!);
    const to = [...new Set([...admins, ...this.config.MAIL_TO].map((a) => a.toLowerCase()))];
    await this.mailer.send(
      [claim.id],
      () =>
        buildDeadLetterEmail(dl, {
          from: this.config.MAIL_FROM,
          to,
          pageUrl: `${this.config.PUBLIC_ADMIN_URL}${DEAD_LETTERS_PATH}`,
        }),
      finalAttempt,
    );
    this.logger.warn({ deadLetterId, recipients: to.length }, 'admins told of a lead that could not be stored');
    return 'sent';
  }
}
