import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { StaffDirectory } from '@app/config';
import { leadFromRow } from '../database/entities/lead.entity';
import { RecordedMailer } from '../notify/recorded-mailer.service';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { workerConfig } from '../worker-config';
import { buildReminderEmail, ReminderLevel } from './reminder-email.builder';

const BATCH = 100;

// Tasks past their due time (plus a grace for escalation) that nobody has
// acted on, whose notice of this level has not gone out (or is in flight).
// "Acted on" = still open with no recorded change other than (un)assigning
// it: handing a task to someone routes its reminder to them, any other step
// (claim, note, done, cancel) stops the reminders.
const DUE_SQL = `
SELECT t.id, t.due_at, t.assignee, to_jsonb(l) AS lead
  FROM follow_up_tasks t JOIN leads l ON l.id = t.lead_id
 WHERE t.status = 'open' AND l.erased_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM task_events e
                    WHERE e.task_id = t.id AND e.action NOT IN ('assigned', 'unassigned'))
   AND t.due_at < now() - make_interval(mins => $1::int)
   AND NOT EXISTS (SELECT 1 FROM notifications n
                    WHERE n.dedupe_key = $2 || t.id::text AND n.status IN ('sent', 'sending'))
 ORDER BY t.due_at LIMIT $3`;

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
  private readonly config = workerConfig();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly staff: StaffDirectory,
    @InjectPinoLogger(SlaReminderService.name) private readonly logger: PinoLogger,
  ) {}

  async check(): Promise<SlaReport> {
    const report: SlaReport = { reminders: 0, escalations: 0, failed: 0 };
    const errors: unknown[] = [];
    for (const level of ['reminder', 'escalation'] as const) {
      const grace = level === 'reminder' ? 0 : this.config.ESCALATION_MINUTES;
      const due: { id: string; due_at: Date; assignee: string | null; lead: Record<string, unknown> }[] = await this.db.query(
        DUE_SQL,
        [grace, `email:${level}:`, BATCH],
      );
      for (const task of due) {
        try {
          if (await this.notify(level, task)) report[level === 'reminder' ? 'reminders' : 'escalations']++;
        } catch (err) {
          report.failed++;
          errors.push(err);
          this.logger.warn({ taskId: task.id, level, err: (err as Error).message }, 'SLA notice not sent; next check retries');
        }
      }
    }
    // Fail the run so it shows in Bull Board; the next run retries the rest.
    if (errors.length) throw new AggregateError(errors, `${errors.length} SLA notice(s) failed`);
    return report;
  }

  private recipients(level: ReminderLevel, assignee: string | null): string[] {
    if (level === 'escalation') return this.config.ESCALATION_TO.length ? this.config.ESCALATION_TO : this.config.MAIL_TO;
    const own = this.staff.emailOf(assignee);
    return own ? [own] : this.config.MAIL_TO;
  }

  private async notify(
    level: ReminderLevel,
    task: { id: string; due_at: Date; assignee: string | null; lead: Record<string, unknown> },
  ): Promise<boolean> {
    const key = `email:${level}:${task.id}`;
    const to = this.recipients(level, task.assignee);
    const lead = leadFromRow(task.lead);
    await this.ledger.ensure({ key, leadId: lead.id, taskId: task.id, channel: 'email', kind: level, recipients: to.join(', ') });
    const claim = await this.ledger.claim(key);
    if (typeof claim === 'string') return false;
    const dueTask = { id: task.id, dueAt: new Date(task.due_at), assignee: task.assignee };
    // Never "final": the next SLA check retries a reminder that failed.
    await this.mailer.send(
      [claim.id],
      () => buildReminderEmail(lead, dueTask, level, { from: this.config.MAIL_FROM, to }),
      false,
    );
    return true;
  }
}
