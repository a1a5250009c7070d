import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueueName } from '@app/contracts';
import { FollowUpTask } from '../database/entities/follow-up-task.entity';
import { Lead } from '../database/entities/lead.entity';
import { Notification } from '../database/entities/notification.entity';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { removeOrScrub } from '../queue/job-scrubber';
import { NotifyProducer } from '../queue/notify-producer.service';
import { workerConfig } from '../worker-config';
import { AdminTasksService } from './admin-tasks.service';

/** What personal data an erased lead keeps: nothing that identifies the person. */
const ERASE_SQL = `
UPDATE leads SET name = '', phone = NULL, phone_raw = NULL, email = NULL, company = NULL, requirement = '',
       utm = '{}', extras = '{}', ip = NULL, user_agent = NULL, page = NULL, erased_at = now()
 WHERE id = $1 AND erased_at IS NULL
RETURNING id`;

/** A lead's detail, resends and erasure (PIPL art. 47) for staff. */
@Injectable()
export class AdminLeadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QueueName.LeadIntake) private readonly intake: Queue,
    private readonly tasks: AdminTasksService,
    private readonly ledger: NotificationLedger,
    private readonly notify: NotifyProducer,
    @InjectPinoLogger(AdminLeadsService.name) private readonly logger: PinoLogger,
  ) {}

  /** The lead, its task with history, and its delivery log. */
  async detail(id: string) {
    const lead = await this.db.getRepository(Lead).findOne({ where: { id } });
    if (!lead) throw new NotFoundException(`lead ${id} not found`);
    const [task, notifications] = await Promise.all([
      this.db.getRepository(FollowUpTask).findOne({ where: { leadId: id } }),
      this.db.getRepository(Notification).find({ where: { leadId: id }, order: { createdAt: 'ASC' } }),
    ]);
    const history = task ? await this.tasks.history(task.id) : [];
    return { lead, task: task ? { ...task, history } : null, notifications };
  }

  /** Records a resend in the delivery log and queues it. */
  async resend(id: string, actor: string): Promise<{ notificationId: string; status: 'queued' }> {
    const lead = await this.db.getRepository(Lead).findOne({ where: { id } });
    if (!lead || lead.erasedAt) throw new NotFoundException(`lead ${id} not found`);
    const ledgerKey = `email:resend:${id}:${randomUUID()}`;
    await this.ledger.ensure({
      key: ledgerKey,
      leadId: id,
      channel: 'email',
      kind: 'resend',
      recipients: workerConfig().MAIL_TO.join(', '),
    });
    const [row] = await this.db.getRepository(Notification).find({ where: { dedupeKey: ledgerKey } });
    await this.notify.resend({ leadId: id, ledgerKey });
    this.logger.info({ leadId: id, actor }, 'alert resend requested');
    return { notificationId: row.id, status: 'queued' };
  }

  /**
   * Erases the person's data: fields blanked in Postgres, jobs (which carry
   * the form data) removed from Redis, the erasure recorded without data.
   */
  async erase(id: string, actor: string, reason: string): Promise<{ erased: boolean; jobsRemoved: number }> {
    const exists = await this.db.getRepository(Lead).exists({ where: { id } });
    if (!exists) throw new NotFoundException(`lead ${id} not found`);
    const erased = await this.db.transaction(async (m) => {
      const rows: unknown[] = await m.query(`WITH e AS (${ERASE_SQL}) SELECT * FROM e`, [id]);
      if (rows.length === 0) return false;
      // Nobody can follow up on a person whose data is gone: close the task
      // (recorded), so it leaves the board and no reminder goes out.
      await m.query(
        `INSERT INTO task_events (task_id, actor, action, from_status, to_status, from_assignee, to_assignee)
         SELECT id, $2, 'erased', status, 'cancelled', assignee, assignee FROM follow_up_tasks WHERE lead_id = $1`,
        [id, actor],
      );
      await m.query(
        `UPDATE follow_up_tasks SET note = NULL, status = CASE WHEN status = 'done' THEN status ELSE 'cancelled' END,
                updated_at = now(), updated_by = $2 WHERE lead_id = $1`,
        [id, actor],
      );
      await m.query(`UPDATE task_events SET note = NULL WHERE task_id IN (SELECT id FROM follow_up_tasks WHERE lead_id = $1)`, [
        id,
      ]);
      await m.query(`UPDATE notifications SET recipients = NULL WHERE lead_id = $1 AND kind = 'autoresponse'`, [id]);
      await m.query(`INSERT INTO erasures (lead_id, actor, reason) VALUES ($1, $2, $3)`, [id, actor, reason]);
      return true;
    });
    const keys: { dedupe_key: string }[] = await this.db.query(
      `SELECT dedupe_key FROM notifications WHERE lead_id = $1 AND kind = 'resend'`,
      [id],
    );
    let jobsRemoved = await this.notify.removeLeadJobs(
      id,
      keys.map((k) => k.dedupe_key),
    );
    if ((await removeOrScrub(await this.intake.getJob(id))) !== 'absent') jobsRemoved++;
    this.logger.info({ leadId: id, actor, reason, jobsRemoved }, 'lead personal data erased');
    return { erased, jobsRemoved };
  }

  /** Leads received before the retention horizon that still hold data. */
  async expiredLeadIds(retentionDays: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM leads WHERE erased_at IS NULL AND received_at < now() - make_interval(days => $1::int) ORDER BY received_at LIMIT $2`,
      [retentionDays, limit],
    );
    return rows.map((r) => r.id);
  }
}
