import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LedgerKey } from '../data/ledger-key';
import type { StaffContact } from '../data/staff-account';
import { StaffRepository } from '../data/staff.repository';
import { DueTask, TaskRepository } from '../data/task.repository';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { ChannelDirectory } from '../notify/channels/channel-directory';
import { RecordedMailer } from '../notify/recorded-mailer.service';
import { buildReminderEmail, ReminderLevel } from './reminder-email.builder';

const BATCH = 100;

export interface SlaReport {
  reminders: number;
  escalations: number;
  failed: number;
}

/**
 * SLA reminders: one reminder per overdue task, one escalation after
 * ESCALATION_MINUTES more, each recorded in the delivery log and never
 * repeated for the same task and level.
 */
@Injectable()
export class SlaReminderService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly staff: StaffRepository,
    private readonly channels: ChannelFanout,
    private readonly destinations: ChannelDirectory,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(SlaReminderService.name) private readonly logger: PinoLogger,
  ) {}

  async check(): Promise<SlaReport> {
    const report: SlaReport = { reminders: 0, escalations: 0, failed: 0 };
    const errors: unknown[] = [];
    for (const level of ['reminder', 'escalation'] as const) {
      const grace = level === 'reminder' ? 0 : this.config.ESCALATION_MINUTES;
      for (const task of await this.tasks.dueForNotice('email', level, grace, BATCH)) {
        try {
          if (await this.notify(level, task)) report[level === 'reminder' ? 'reminders' : 'escalations']++;
        } catch (err) {
          report.failed++;
          errors.push(err);
          this.logger.warn({ taskId: task.id, level, err: (err as Error).message }, 'SLA notice not sent; next check retries');
        }
      }
    }
    await this.notifyChannels(errors);
    // Fail the run so it shows in Bull Board; the next run retries the rest.
    if (errors.length) throw new AggregateError(errors, `${errors.length} SLA notice(s) failed`);
    return report;
  }

  /**
   * The same notices to robots (as ROBOT_NOTICES allows) and webhooks
   * (`lead.reminder`): a ledger row and a job per destination, whose job
   * sends it within the robot's budget and retries it; never repeated.
   */
  private async notifyChannels(errors: unknown[]): Promise<void> {
    for (const level of ['reminder', 'escalation'] as const) {
      const grace = level === 'reminder' ? 0 : this.config.ESCALATION_MINUTES;
      for (const destination of this.destinations.wanting(level)) {
        try {
          const due = await this.tasks.dueForNotice(destination.channel, level, grace, BATCH, destination.id);
          for (const task of due) await this.channels.taskNotice(level, destination, { id: task.id, leadId: task.lead.id });
        } catch (err) {
          errors.push(err);
          this.logger.warn({ destination: destination.label, level, err: (err as Error).message }, 'SLA notice not queued');
        }
      }
    }
  }

  /** A reminder goes to the owner's email (MAIL_TO when they have none), an escalation to the managers. */
  private recipients(level: ReminderLevel, owner: StaffContact | null): string[] {
    if (level === 'escalation') return this.config.ESCALATION_TO.length ? this.config.ESCALATION_TO : this.config.MAIL_TO;
    return owner?.active && owner.email ? [owner.email] : this.config.MAIL_TO;
  }

  private async notify(level: ReminderLevel, task: DueTask): Promise<boolean> {
    const key: LedgerKey = { channel: 'email', kind: level, taskId: task.id };
    const owner = await this.staff.contact(task.assignee);
    const to = this.recipients(level, owner);
    await this.ledger.ensure({ key, leadId: task.lead.id, taskId: task.id, recipients: to.join(', ') });
    const claim = await this.ledger.claim(key);
    if (typeof claim === 'string') return false;
    // The notice names the owner: display name and login.
    const assignee = owner && owner.displayName !== owner.login ? `${owner.displayName} (${owner.login})` : task.assignee;
    const dueTask = { id: task.id, dueAt: task.dueAt, assignee };
    // Never "final": the next SLA check retries a reminder that failed.
    await this.mailer.send(
      [claim.id],
      () =>
        buildReminderEmail(task.lead, dueTask, level, {
          from: this.config.MAIL_FROM,
          to,
          adminUrl: this.config.PUBLIC_ADMIN_URL,
        }),
      false,
    );
    return true;
  }
}
