import { Module } from '@nestjs/common';
import { DataModule } from '../../data/data.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { ChannelAlarm } from './channel-alarm.service';
import { channelDirectoryProvider, ChannelDirectory } from './channel-directory';
import { ChannelHttpClient } from './channel-http.client';
import { ChatChannelRegistry } from './chat-channel.registry';
import { DingtalkChannel } from './dingtalk.channel';
import { FeishuChannel } from './feishu.channel';
import { MentionDirectory } from './mention-directory';
import { RobotBudgetMetric } from './robot-budget.metric';
import { RobotBudgetConnection, robotBudgetProviders } from './robot-budget.provider';
import { RobotBudgetService } from './robot-budget.service';
import { WebhookChannel } from './webhook.channel';
import { WecomChannel } from './wecom.channel';

/**
 * The chat platforms and webhooks: the configured destinations, each
 * platform's request and answer, the HTTP client, and every robot's rate
 * budget shared through Redis. The ledger and the jobs that use them live
 * in the notify module.
 */
@Module({
  imports: [DataModule, MetricsModule],
  providers: [
    channelDirectoryProvider,
    ...robotBudgetProviders,
    RobotBudgetConnection,
    RobotBudgetService,
    RobotBudgetMetric,
    ChannelHttpClient,
    DingtalkChannel,
    WecomChannel,
    FeishuChannel,
    WebhookChannel,
    ChatChannelRegistry,
    ChannelAlarm,
    MentionDirectory,
  ],
  exports: [ChannelDirectory, RobotBudgetService, ChannelHttpClient, ChatChannelRegistry, ChannelAlarm, MentionDirectory],
})
export class ChannelsModule {}
