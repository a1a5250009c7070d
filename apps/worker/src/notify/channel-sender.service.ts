import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ChannelDestination, InjectConfig, WorkerConfig } from '@app/config';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { ChannelAlarm } from './channels/channel-alarm.service';
import { ChannelHttpClient } from './channels/channel-http.client';
import type { ChatNotice, DeliveryOutcome } from './channels/chat-channel';
import { ChatChannelRegistry } from './channels/chat-channel.registry';

/**
 * Builds one message for one destination, posts it and reads the answer:
 * counted in the metrics, a configuration error raised once at error level.
 * What the answer means for the ledger is the caller's business.
 */
@Injectable()
export class ChannelSender {
  constructor(
    private readonly registry: ChatChannelRegistry,
    private readonly http: ChannelHttpClient,
    private readonly alarm: ChannelAlarm,
    private readonly metrics: WorkerMetrics,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(ChannelSender.name) private readonly logger: PinoLogger,
  ) {}

  /** `deliveryId` is the ledger row (the webhook's X-Lead-Delivery); `attempt` counts from 1. */
  async send(destination: ChannelDestination, notice: ChatNotice, deliveryId: string, attempt: number): Promise<DeliveryOutcome> {
    const channel = this.registry.of(destination.channel);
    const request = channel.build(destination, notice, {
      keyword: this.config.ROBOT_KEYWORD,
      adminUrl: this.config.PUBLIC_ADMIN_URL,
      showContact: this.config.ROBOT_SHOW_CONTACT,
      now: new Date(),
      deliveryId,
    });
    const outcome = channel.classify(await this.http.post(request), attempt);
    const entry = { destination: destination.label, notice: notice.kind, reason: outcome.reason, detail: outcome.detail };
    if (outcome.status === 'sent') this.metrics.alertSent(destination.channel, notice.kind);
    else if (outcome.status === 'rate-limited') this.logger.warn(entry, 'chat platform said too fast: held back for a digest');
    else {
      this.metrics.alertFailed(destination.channel, notice.kind, outcome.reason);
      if (outcome.status === 'config-error') await this.alarm.raise(destination, outcome);
      else this.logger.warn({ ...entry, attempt }, 'chat message not delivered');
    }
    return outcome;
  }
}
