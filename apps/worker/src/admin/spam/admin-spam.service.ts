import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { BusinessCalendar } from '../../data/business-calendar';
import { FormRepository } from '../../data/form.repository';
import { LeadRepository } from '../../data/lead.repository';
import { SpamMetric } from '../../metrics/spam.metric';
import { QuarantinedLead, SpamRepository } from '../../data/spam.repository';
import { SpamReleaseRepository } from '../../data/spam-release.repository';
import { SpamModelService } from '../../intake/spam/spam-model.service';
import { spamTokens } from '../../intake/spam/spam-text';
import { AssignedNoticeService } from '../../notify/assigned-notice.service';
import { ChannelFanout } from '../../notify/channel-fanout.service';
import { NotifyProducer } from '../../queue/notify-producer.service';
import { releasedLeadRoute } from './released-lead-route';

export interface ReleaseResult {
  id: string;
  /** True for the one call that released the lead; false when it was released already or never held. */
  released: boolean;
  owner: string | null;
  learned: boolean;
}

/** Staff verdicts on spam: release a held lead with its alert, or mark a lead spam; both teach the model. */
@Injectable()
export class AdminSpamService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly spam: SpamRepository,
    private readonly releases: SpamReleaseRepository,
    private readonly forms: FormRepository,
    private readonly models: SpamModelService,
    private readonly calendar: BusinessCalendar,
    private readonly notify: NotifyProducer,
    private readonly channels: ChannelFanout,
    private readonly assigned: AssignedNoticeService,
    private readonly metric: SpamMetric,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  list(limit = 200): Promise<QuarantinedLead[]> {
    return this.spam.quarantined(limit);
  }

  /**
   * Not spam. Whoever flips the flag (one guarded UPDATE, however many
   * clicks or workers race) gives the lead its task due from now (by its
   * form's SLA), its owner (its form's team, a returning customer's owner
   * first) and its alert row for its form's recipients, then queues the
   * alert and the form's robots as intake would have; everyone else gets
   * `released: false`.
   */
  async release(id: string, actor: string): Promise<ReleaseResult> {
    const lead = await this.leads.findById(id);
    if (!lead || lead.erasedAt) throw new NotFoundException(`lead ${id} not found`);
    const { route, slaMinutes } = await releasedLeadRoute(this.forms, lead);
    const released = await this.releases.release(id, {
      dueAt: this.calendar.dueAt(new Date(), slaMinutes),
      recipients: (route.mailTo.length ? route.mailTo : this.config.MAIL_TO).join(', '),
      assign: this.config.ASSIGNMENT === 'round-robin',
      returningCustomerDays: this.config.RETURNING_CUSTOMER_DAYS,
      team: route.team,
    });
    if (released) {
      await this.notify.redriveAlert(id);
      await this.channels.newLead(id, route.robots);
      // Its owner gets the personal email with the one-tap link, as at arrival.
      await this.assigned.onArrival(id);
      this.metric.verdict('not-spam');
    }
    const learned = await this.models.learn(id, 'genuine', spamTokens(lead), actor);
    return { id, released: released !== null, owner: released?.owner ?? null, learned };
  }

  /** Spam: its task (if any) leaves the open lists as done with outcome spam; the model learns its words. */
  async markSpam(id: string, actor: string): Promise<{ id: string; learned: boolean }> {
    const lead = await this.leads.findById(id);
    if (!lead || lead.erasedAt) throw new NotFoundException(`lead ${id} not found`);
    await this.spam.markSpam(id, actor);
    const learned = await this.models.learn(id, 'spam', spamTokens(lead), actor);
    if (learned) this.metric.verdict('spam');
    return { id, learned };
  }
}
