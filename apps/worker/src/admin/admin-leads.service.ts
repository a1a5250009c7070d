import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { ChannelKind, InjectConfig, WorkerConfig } from '@app/config';
import { ErasureResult, LeadErasure } from '../maintenance/lead-erasure.service';
import { BusinessCalendar } from '../data/business-calendar';
import { DEFAULT_FORM_SLUG } from '@app/contracts';
import { FormRepository } from '../data/form.repository';
import { CustomerLead, LeadReader, LeadRepository } from '../data/lead.repository';
import { ledgerKey, LedgerKey } from '../data/ledger-key';
import { NotificationRepository } from '../data/notification.repository';
import { StaffRepository } from '../data/staff.repository';
import { TaskRepository } from '../data/task.repository';
import { ChannelFanout, FannedOutRow } from '../notify/channel-fanout.service';
import { leadAnswers, type AnswerRow } from '../notify/lead-answers';
import { NotificationLedger } from '../notify/notification-ledger.service';
import { NotifyProducer } from '../queue/notify-producer.service';
import { withFirstTouch } from './first-touch-json';

export type ResendChannel = 'email' | ChannelKind;

/** One row a resend recorded; `destination` is null for email. */
export type ResendRow = Omit<FannedOutRow, 'channel' | 'destination'> & { channel: ResendChannel; destination: string | null };

export interface ResendResult {
  notificationId: string;
  status: 'queued';
  notifications: ResendRow[];
}

/** The form a lead came through (`version` null: a plain `default` post, before versions were kept per lead) and its answers. */
export interface LeadFormAnswers {
  form: { slug: string; version: number | null; name: string | null };
  fields: AnswerRow[];
}

/** A lead's detail, resends and erasure (PIPL art. 47) for staff. */
@Injectable()
export class AdminLeadsService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly tasks: TaskRepository,
    private readonly notifications: NotificationRepository,
    private readonly ledger: NotificationLedger,
    private readonly notify: NotifyProducer,
    private readonly erasure: LeadErasure,
    private readonly channels: ChannelFanout,
    private readonly staff: StaffRepository,
    private readonly calendar: BusinessCalendar,
    private readonly forms: FormRepository,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(AdminLeadsService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * The lead, its task with history, and its delivery log; 404 when there is
   * no such lead or a sales `reader` may not read it.
   */
  async detail(id: string, reader?: LeadReader) {
    const lead = await this.leads.findById(id, reader);
    if (!lead) throw new NotFoundException(`lead ${id} not found`);
    const [task, notifications, answers] = await Promise.all([
      this.tasks.findByLead(id),
      this.notifications.listByLead(id),
      this.answersOf(id),
    ]);
    const [history, earlier, owner] = await Promise.all([
      task ? this.tasks.history(task.id) : [],
      lead.erasedAt || !this.config.RETURNING_CUSTOMER_DAYS
        ? []
        : this.leads.customerLeads(lead, this.config.RETURNING_CUSTOMER_DAYS, {
            before: { id: lead.id, receivedAt: lead.receivedAt },
            reader,
          }),
      this.staff.contact(task?.assignee),
    ]);
    const target = { claimMinutes: this.config.CLAIM_WITHIN_MINUTES, hours: this.calendar.hours };
    const withTouch = withFirstTouch(lead, task, target);
    return {
      lead: withTouch,
      // As the webhook payload names them: the form and its answers, labelled as the version the lead was posted under.
      form: answers.form,
      fields: answers.fields,
      quarantined: lead.quarantined,
      spam: { score: lead.spamScore, reasons: lead.spamReasons ?? [] },
      task: task ? { ...task, touchDueAt: withTouch.touchDueAt, assigneeName: owner?.displayName ?? null, history } : null,
      notifications,
      // 老客户: the same phone or email came before; their leads, owners and outcomes.
      customer: { returning: earlier.length > 0, earlier },
    };
  }

  /** The lead's form and answers; a lead with no form row came through `default` (version unknown, no answers). */
  private async answersOf(id: string): Promise<LeadFormAnswers> {
    const answers = leadAnswers(await this.forms.ofLead(id));
    if (answers) return answers;
    const form = await this.forms.find(DEFAULT_FORM_SLUG);
    return { form: { slug: DEFAULT_FORM_SLUG, version: null, name: form?.name ?? null }, fields: [] };
  }

  /**
   * A contact's leads within RETURNING_CUSTOMER_DAYS, newest first. A sales
   * `reader` gets them (in summary, notes only on their own tasks) when one
   * of them is theirs or unassigned, else 404 like any lead they may not read.
   */
  async customer(contact: { phone: string | null; email: string | null }, reader?: LeadReader): Promise<CustomerLead[]> {
    const days = this.config.RETURNING_CUSTOMER_DAYS || 36500;
    const leads = await this.leads.customerLeads(contact, days, { reader });
    if (reader !== undefined && !leads.some((l) => l.owner === null || l.owner === reader)) {
      throw new NotFoundException('no leads of this contact');
    }
    return leads;
  }

  /**
   * Records a resend in the delivery log and queues it: by email and to
   * every robot and webhook, or on one channel only. `notificationId` is the
   * email's row (the first row when email is not among them). A sales
   * `reader` resends only on leads they may read.
   */
  async resend(id: string, actor: string, channel?: ResendChannel, reader?: LeadReader): Promise<ResendResult> {
    const lead = await this.leads.findById(id, reader);
    if (!lead || lead.erasedAt) throw new NotFoundException(`lead ${id} not found`);
    const rows: ResendRow[] = [];
    if (channel === undefined || channel === 'email') rows.push(await this.resendEmail(id));
    if (channel !== 'email') {
      const chat = await this.channels.resend(id, channel);
      if (channel && chat.length === 0) throw new BadRequestException(`no ${channel} destination is configured`);
      rows.push(...chat);
    }
    this.logger.info({ leadId: id, actor, channel: channel ?? 'all', notifications: rows.length }, 'alert resend requested');
    return { notificationId: rows[0].id, status: 'queued', notifications: rows };
  }

  private async resendEmail(id: string): Promise<ResendRow> {
    const resendId = randomUUID();
    const key: LedgerKey = { channel: 'email', kind: 'resend', leadId: id, resendId };
    await this.ledger.ensure({ key, leadId: id, recipients: this.config.MAIL_TO.join(', ') });
    const row = await this.notifications.findByKey(key);
    if (!row) throw new Error(`resend ${ledgerKey(key)} was not recorded`);
    await this.notify.resend({ leadId: id, ledgerKey: ledgerKey(key) }, resendId);
    return { id: row.id, channel: 'email', destination: null, recipients: row.recipients ?? '' };
  }

  async erase(id: string, actor: string, reason: string): Promise<ErasureResult> {
    const result = await this.erasure.erase(id, actor, reason);
    if (!result) throw new NotFoundException(`lead ${id} not found`);
    return result;
  }
}
