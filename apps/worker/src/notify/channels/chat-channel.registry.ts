import { Injectable } from '@nestjs/common';
import type { ChannelKind } from '@app/config';
import type { ChatChannel } from './chat-channel';
import { DingtalkChannel } from './dingtalk.channel';
import { FeishuChannel } from './feishu.channel';
import { WebhookChannel } from './webhook.channel';
import { WecomChannel } from './wecom.channel';

/** The platform behind each channel name. */
@Injectable()
export class ChatChannelRegistry {
  private readonly channels: Record<ChannelKind, ChatChannel>;

  constructor(dingtalk: DingtalkChannel, wecom: WecomChannel, feishu: FeishuChannel, webhook: WebhookChannel) {
    this.channels = { dingtalk, wecom, feishu, webhook };
  }

  of(kind: ChannelKind): ChatChannel {
    return this.channels[kind];
  }
}
