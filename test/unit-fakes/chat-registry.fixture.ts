import { ChatChannelRegistry } from '../../apps/worker/src/notify/channels/chat-channel.registry';
import { DingtalkChannel } from '../../apps/worker/src/notify/channels/dingtalk.channel';
import { FeishuChannel } from '../../apps/worker/src/notify/channels/feishu.channel';
import { WebhookChannel } from '../../apps/worker/src/notify/channels/webhook.channel';
import { WecomChannel } from '../../apps/worker/src/notify/channels/wecom.channel';

/** The real platforms (they build requests and read answers; nothing in them does I/O). */
export function chatRegistry(): ChatChannelRegistry {
  return new ChatChannelRegistry(new DingtalkChannel(), new WecomChannel(), new FeishuChannel(), new WebhookChannel());
}
