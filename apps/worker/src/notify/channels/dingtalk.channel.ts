import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChannelDestination } from '@app/config/channels-env';
import type { BuildContext, ChatChannel, ChatNotice, ChatRequest, DeliveryOutcome, HttpResult } from './chat-channel';
import { ComposedMessage, composeMessage, Dialect } from './chat-message';
import { jsonBytes, truncateChars, utf8Bytes } from './markdown-text';
import { classifyRobotAnswer, CodeTable, readErrcode } from './robot-answer';

/** DingTalk refuses a request body over 20 000 bytes (errcode 460101). */
export const DINGTALK_MAX_BODY_BYTES = 20_000;
/** After crossing 20 messages a minute, a robot is throttled for 10 minutes (errcode 130101). */
export const DINGTALK_THROTTLE_MS = 10 * 60_000;
const TITLE_CHARS = 64;

/** 加签: base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

const DIALECT: Dialect = {
  // A single newline does not break a line in DingTalk's markdown.
  br: '\n\n',
  bold: (label) => `**${label}**`,
  link: (text, url) => `[${text}](${url})`,
  measure: jsonBytes,
};

const CODES: CodeTable = {
  rateLimited: new Map<number, number | undefined>([
    [130101, DINGTALK_THROTTLE_MS],
    [410100, undefined],
  ]),
  // 310000: keyword missing, signature wrong or IP not allowed (errmsg says which);
  // 300001 and 400101: no such token; 400102: robot disabled; 400013: group dissolved.
  config: new Set([310000, 300001, 400101, 400102, 400013]),
  rejected: new Set([460101, 430101, 430102, 430103, 430104, 40035, 43004]),
};

/**
 * DingTalk custom robot (自定义机器人). An alert is an actionCard whose button
 * opens the lead's action page (behind the login); a message that mentions someone is markdown, the only
 * type besides text that carries `at`.
 */
@Injectable()
export class DingtalkChannel implements ChatChannel {
  readonly kind = 'dingtalk' as const;
  readonly rateLimited = true;

  build(destination: ChannelDestination, notice: ChatNotice, ctx: BuildContext): ChatRequest {
    const url = new URL(destination.url);
    if (destination.secret) {
      const timestamp = ctx.now.getTime();
      url.searchParams.set('timestamp', String(timestamp));
      url.searchParams.set('sign', dingtalkSign(destination.secret, timestamp));
    }
    const envelope = (title: string, text: string, m: ComposedMessage) =>
      m.mentions.length > 0
        ? { msgtype: 'markdown', markdown: { title, text }, at: { atMobiles: m.mentions, isAtAll: false } }
        : {
            msgtype: 'actionCard',
            actionCard: { title, text, singleTitle: m.action.text, singleURL: m.action.url, btnOrientation: '0' },
          };

    // The budget is what the body has left once everything but the text is in.
    const probe = composeMessage(notice, ctx, DIALECT, Number.MAX_SAFE_INTEGER);
    const title = truncateChars(probe.title, TITLE_CHARS);
    const overhead = utf8Bytes(JSON.stringify(envelope(title, '', probe)));
    const message = composeMessage(notice, ctx, DIALECT, DINGTALK_MAX_BODY_BYTES - overhead);
    const body = envelope(title, message.text, message);
    return { url: url.toString(), headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }

  classify(result: HttpResult): DeliveryOutcome {
    return classifyRobotAnswer(result, readErrcode, CODES);
  }
}
