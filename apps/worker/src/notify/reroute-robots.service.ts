import { Injectable } from '@nestjs/common';
import { DEFAULT_FORM_SLUG } from '@app/contracts';
import { FormRepository } from '../data/form.repository';
import { LeadRepository } from '../data/lead.repository';
import { NO_ROBOTS, type RerouteRobot, type RerouteRobotRow, type RerouteRobots } from '../data/reroute.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { ChannelDirectory } from './channels/channel-directory';
import { rerouteDestinations, routedRobots } from './robot-selection';

const asRobot = (d: { channel: RerouteRobot['channel']; id: string; label: string }): RerouteRobot => ({
  channel: d.channel,
  id: d.id,
  label: d.label,
});

/**
 * The robots and webhooks a lead's re-route steps go to: those its form
 * and routing chose for the lead's alert (robot-selection.ts), read again
 * from the form version it was posted under. A plain default-form post
 * keeps no form row, so the default form as it is now decides. The re-route
 * step records their ledger rows in its own transaction; `queue` then
 * hands each row to the channel queue, whose job claims, sends and
 * retries it like any robot alert (the sweeper re-drives a row whose job
 * was lost).
 */
@Injectable()
export class RerouteRobotTargets {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly leads: LeadRepository,
    private readonly forms: FormRepository,
    private readonly producer: ChannelProducer,
  ) {}

  async of(leadId: string): Promise<RerouteRobots> {
    if (this.directory.empty) return NO_ROBOTS;
    const lead = await this.leads.findById(leadId);
    if (!lead) return NO_ROBOTS;
    const attached = await this.forms.ofLead(leadId);
    const definition = attached
      ? await this.forms.definitionAt(attached.slug, attached.version)
      : await this.forms.find(DEFAULT_FORM_SLUG);
    const { paged, limit } = rerouteDestinations(this.directory, routedRobots(definition, lead, attached?.custom ?? {}));
    return { paged: paged.map(asRobot), limit: limit.map(asRobot) };
  }

  async queue(rows: RerouteRobotRow[]): Promise<void> {
    if (rows.length > 0) await this.producer.alert(rows);
  }
}
