import { Injectable } from '@nestjs/common';
import type { ChannelDestination } from '@app/config/channels-env';
import type { BuildContext, ChatChannel, ChatNotice, ChatRequest, DeliveryOutcome, HttpResult } from './chat-channel';
import { composeMessage, Dialect, validMentions } from './chat-message';
import { utf8Bytes } from './markdown-text';
import { classifyRobotAnswer, CodeTable, readErrcode } from './robot-answer';

/** WeCom counts the markdown content in UTF-8 bytes: at most 4096. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
/** A text message's content: at most 2048 bytes. */
export const WECOM_TEXT_MAX_BYTES = 2048;

const MARKDOWN: Dialect = {
  br: '\n',
  bold: (label) => `**${label}**`,
  link: (text, url) => `[${text}](${url})`,
  measure: utf8Bytes,
};

// Text messages have no markup: labels stay plain and a link is its address.
const TEXT: Dialect = {
  br: '\n',
  bold: (label) => label,
  link: (text, url) => `${text}: ${url}`,
  measure: utf8Bytes,
};

const CODES: CodeTable = {
  rateLimited: new Map<number, number | undefined>([[45009, undefined]]),
  // 93000: invalid webhook key; 93004: robot disabled.
  config: new Set([93000, 93004]),
  rejected: new Set([40008, 40058, 44004, 45002]),
};

/**
 * WeCom group robot (群机器人). Alerts are markdown; a message that mentions
 * someone by mobile is a text message, because only text carries
 * `mentioned_mobile_list`. The webhook key is the only credential (no signing).
 */
@Injectable()
export class WecomChannel implements ChatChannel {
  readonly kind = 'wecom' as const;
  readonly rateLimited = true;

  build(destination: ChannelDestination, notice: ChatNotice, ctx: BuildContext): ChatRequest {
    const mentions = 'mentionMobiles' in notice ? validMentions(notice.mentionMobiles) : [];
    let body: object;
    if (mentions.length > 0) {
      const m = composeMessage(notice, ctx, TEXT, WECOM_TEXT_MAX_BYTES);
      body = { msgtype: 'text', text: { content: m.text, mentioned_mobile_list: m.mentions } };
    } else {
      body = { msgtype: 'markdown', markdown: { content: composeMessage(notice, ctx, MARKDOWN, WECOM_MARKDOWN_MAX_BYTES).text } };
    }
    return { url: destination.url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }

  classify(result: HttpResult): DeliveryOutcome {
    return classifyRobotAnswer(result, readErrcode, CODES);
  }
}
