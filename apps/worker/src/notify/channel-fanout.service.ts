import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChannelDestination, ChannelKind } from '@app/config';
import { LedgerKey, ledgerKey, TaskNoticeLevel } from '../data/ledger-key';
import { NotificationDraft, NotificationRepository } from '../data/notification.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { ChannelDirectory } from './channels/channel-directory';
import { onlyNamed } from './robot-selection';

type RoutedKey = Exclude<LedgerKey, { kind: 'autoresponse' }>;

/** A ledger row written for one destination. */
export interface FannedOutRow {
  id: string;
  channel: ChannelKind;
  destination: string;
  recipients: string;
}

/**
 * Writes one ledger row per destination for a notice (one statement for all
 * of them) and queues one job per row, so each robot and webhook is sent to,
 * retried and rate-limited on its own: none waits for email or another.
 * With no destinations configured it does nothing at all.
 */
@Injectable()
export class ChannelFanout {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly notifications: NotificationRepository,
    private readonly producer: ChannelProducer,
  ) {}

  /**
   * A new lead: every robot whose ROBOT_NOTICES has new-lead (only those
   * `robots` names, when the lead's form or routing names any), and every
   * webhook (lead.created).
   */
  newLead(leadId: string, robots: string[] = []): Promise<void> {
    const destinations = onlyNamed(this.directory.wanting('new-lead'), robots);
    return this.fanOut(destinations, (d) => ({ channel: d.channel, kind: 'new-lead', leadId, destination: d.id }), leadId);
  }

  /** A resend staff asked for, to every destination of `channel` (all when unset). */
  async resend(leadId: string, channel?: ChannelKind): Promise<FannedOutRow[]> {
    const destinations = this.directory.wanting('resend', channel);
    const resendId = randomUUID();
    return this.fanOutReturning(
      destinations,
      (d) => ({ channel: d.channel, kind: 'resend', leadId, resendId, destination: d.id }),
      leadId,
    );
  }

  /** An SLA reminder or escalation of one task, to one destination. */
  taskNotice(level: TaskNoticeLevel, destination: ChannelDestination, task: { id: string; leadId: string }): Promise<void> {
    return this.fanOut(
      [destination],
      (d) => ({ channel: d.channel, kind: level, taskId: task.id, destination: d.id }),
      task.leadId,
      task.id,
    );
  }

  /** A change staff made to a task: `task.updated` to every webhook. */
  taskUpdated(task: { id: string; leadId: string }): Promise<void> {
    const updateId = randomUUID();
    return this.fanOut(
      this.directory.wanting('task-updated'),
      (d) => ({ channel: d.channel, kind: 'task-updated', taskId: task.id, updateId, destination: d.id }),
      task.leadId,
      task.id,
    );
  }

  private async fanOut(
    destinations: ChannelDestination[],
    keyOf: (d: ChannelDestination) => RoutedKey,
    leadId: string,
    taskId?: string,
  ): Promise<void> {
    if (destinations.length === 0) return;
    const drafts = destinations.map((d): NotificationDraft => ({ key: keyOf(d), leadId, taskId, recipients: d.label }));
    await this.notifications.ensureMany(drafts);
    await this.producer.alert(drafts.map((d, i) => ({ ledgerKey: ledgerKey(d.key), destinationId: destinations[i].id })));
  }

  private async fanOutReturning(
    destinations: ChannelDestination[],
    keyOf: (d: ChannelDestination) => RoutedKey,
    leadId: string,
  ): Promise<FannedOutRow[]> {
    await this.fanOut(destinations, keyOf, leadId);
    const keys = destinations.map((d) => ledgerKey(keyOf(d)));
    const ids = await this.notifications.idsByKeys(keys);
    return destinations.map((d, i) => {
      const id = ids.get(keys[i]);
      if (!id) throw new Error(`notification ${keys[i]} was not recorded`);
      return { id, channel: d.channel, destination: d.id, recipients: d.label };
    });
  }
}
