import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChannelDestination } from '@app/config/channels-env';
import type { BuildContext, ChatChannel, ChatNotice, ChatRequest, DeliveryOutcome, HttpResult } from './chat-channel';
import { ComposedMessage, composeMessage, Dialect } from './chat-message';
import { jsonBytes, truncateChars, utf8Bytes } from './markdown-text';
import { classifyRobotAnswer, CodeTable, PlatformAnswer } from './robot-answer';

/** Feishu refuses a request body over 20 KB; kept to 20 000 bytes to leave no doubt. */
export const FEISHU_MAX_BODY_BYTES = 20_000;
const TITLE_CHARS = 80;

/**
 * Feishu's signature is unusual: the key is timestamp + "\n" + secret and the
 * message is empty; base64 of the HMAC-SHA256, timestamp in seconds.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const DIALECT: Dialect = {
  br: '\n',
  bold: (label) => `**${label}**`,
  link: (text, url) => `[${text}](${url})`,
  measure: jsonBytes,
};

/** Notices a person has to act on now: a red header. */
const RED = new Set<ChatNotice['kind']>(['escalation', 'reroute-limit', 'dead-letter']);

const CODES: CodeTable = {
  rateLimited: new Map<number, number | undefined>([[11232, undefined]]),
  // 19001: invalid hook token; 19021: signature or timestamp; 19022: IP not allowed; 19024: keyword missing.
  config: new Set([19001, 19021, 19022, 19024]),
  rejected: new Set([9499, 19002]),
};

/** `{code, msg}`, or the older `{StatusCode, StatusMessage}`. */
export function readFeishuAnswer(body: unknown): PlatformAnswer | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown };
  if (typeof b.code === 'number') return { code: b.code, message: String(b.msg ?? '') };
  if (typeof b.StatusCode === 'number') return { code: b.StatusCode, message: String(b.StatusMessage ?? '') };
  return null;
}

/**
 * Feishu custom bot (自定义机器人): an interactive card, the title in its
 * header (plain text), the details in a markdown element, and a button to the
 * lead's action page. Custom bots can mention only by open_id/user_id, so
 * mentions (reminders, re-routes) show as text, not as mentions.
 */
@Injectable()
export class FeishuChannel implements ChatChannel {
  readonly kind = 'feishu' as const;
  readonly rateLimited = true;

  build(destination: ChannelDestination, notice: ChatNotice, ctx: BuildContext): ChatRequest {
    const signature = destination.secret ? this.signature(destination.secret, ctx.now) : {};
    const envelope = (title: string, text: string, m: ComposedMessage) => ({
      ...signature,
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: {
          template: RED.has(notice.kind) ? 'red' : 'blue',
          title: { tag: 'plain_text', content: title },
        },
        elements: [
          { tag: 'markdown', content: text },
          {
            tag: 'action',
            actions: [{ tag: 'button', type: 'primary', text: { tag: 'plain_text', content: m.action.text }, url: m.action.url }],
          },
        ],
      },
    });
    const probe = composeMessage(notice, ctx, DIALECT, Number.MAX_SAFE_INTEGER);
    const title = truncateChars(probe.title, TITLE_CHARS);
    const overhead = utf8Bytes(JSON.stringify(envelope(title, '', probe)));
    const message = composeMessage(notice, ctx, DIALECT, FEISHU_MAX_BODY_BYTES - overhead);
    return {
      url: destination.url,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(envelope(title, message.text, message)),
    };
  }

  classify(result: HttpResult): DeliveryOutcome {
    return classifyRobotAnswer(result, readFeishuAnswer, CODES);
  }

  private signature(secret: string, now: Date): { timestamp: string; sign: string } {
    const timestamp = Math.floor(now.getTime() / 1000);
    return { timestamp: String(timestamp), sign: feishuSign(secret, timestamp) };
  }
}
