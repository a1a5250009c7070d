import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChannelDestination, ChannelKind } from '@app/config';
import { NotificationRepository } from '../data/notification.repository';
import { ChannelSender } from './channel-sender.service';
import { ChannelDirectory } from './channels/channel-directory';
import { ChatChannelRegistry } from './channels/chat-channel.registry';
import { RobotBudgetService } from './channels/robot-budget.service';

export interface DestinationHealth {
  id: string;
  /** What forms and routing rules call it (`华东`, `dingtalk-1`). */
  name: string;
  channel: ChannelKind;
  /** Tokens, keys and secrets masked. */
  label: string;
  perMinute: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Unsent after an error since then (null: not failing). */
  failingSince: Date | null;
  /** Messages delivered in the last minute, from the ledger. */
  sentLastMinute: number;
  /** What the rolling budget allows now (null: no limit). */
  budgetRemaining: number | null;
}

export interface ChannelTestResult {
  id: string;
  name: string;
  channel: ChannelKind;
  label: string;
  ok: boolean;
  /** `ok`, or the platform's own words (or why nothing was sent). */
  result: string;
}

/** The admin's view of the robots and webhooks: their state, and a test message to each. */
@Injectable()
export class ChannelHealth {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly notifications: NotificationRepository,
    private readonly budget: RobotBudgetService,
    private readonly registry: ChatChannelRegistry,
    private readonly sender: ChannelSender,
  ) {}

  async overview(): Promise<DestinationHealth[]> {
    const destinations = this.directory.all;
    const stats = new Map(
      (await this.notifications.destinationStats(destinations.map((d) => d.id))).map((s) => [s.destination, s]),
    );
    return Promise.all(
      destinations.map(async (d) => {
        const s = stats.get(d.id);
        const limited = this.registry.of(d.channel).rateLimited && d.perMinute > 0;
        return {
          id: d.id,
          name: d.name,
          channel: d.channel,
          label: d.label,
          perMinute: d.perMinute,
          lastSuccessAt: s?.lastSuccessAt ?? null,
          lastError: s?.lastError ?? null,
          lastErrorAt: s?.lastErrorAt ?? null,
          failingSince: s?.failingSince ?? null,
          sentLastMinute: s?.sentLastMinute ?? 0,
          budgetRemaining: limited ? (await this.budget.peek(d)).remaining : null,
        };
      }),
    );
  }

  /** Destinations unsent after an error for longer than `minutes`, for the board's warning. */
  async failing(minutes = 10): Promise<DestinationHealth[]> {
    const horizon = Date.now() - minutes * 60_000;
    return (await this.overview()).filter((d) => d.failingSince && d.failingSince.getTime() < horizon);
  }

  /** A test message to every destination, within each robot's budget; each one's answer. */
  test(): Promise<ChannelTestResult[]> {
    return Promise.all(this.directory.all.map((d) => this.testOne(d)));
  }

  private async testOne(d: ChannelDestination): Promise<ChannelTestResult> {
    const base = { id: d.id, name: d.name, channel: d.channel, label: d.label };
    if (this.registry.of(d.channel).rateLimited) {
      const decision = await this.budget.take(d);
      if (!decision.allowed) {
        const wait = Math.ceil((decision.nextFreeAt - decision.now) / 1000);
        return { ...base, ok: false, result: `not sent: the robot's rate budget frees in ${wait} s` };
      }
    }
    const outcome = await this.sender.send(d, { kind: 'test' }, randomUUID(), 1);
    return { ...base, ok: outcome.status === 'sent', result: outcome.status === 'sent' ? 'ok' : outcome.detail };
  }
}
