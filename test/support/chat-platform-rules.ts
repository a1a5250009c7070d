import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The platforms' documented rules, as the test receivers apply them:
 * signatures and their time windows, size limits, keyword, rate limits and
 * the codes each platform answers with.
 */
export type ReceiverPlatform = 'dingtalk' | 'wecom' | 'feishu' | 'webhook';

export const ROBOT_LIMITS: Record<ReceiverPlatform, [number, number]> = {
  dingtalk: [20, 0],
  wecom: [20, 0],
  feishu: [100, 5],
  webhook: [0, 0],
};
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DINGTALK_THROTTLE_MS = 10 * MINUTE;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** A wrong secret or key (what the receivers' `bad-config` mode answers). */
export const CONFIG_CODE: Record<ReceiverPlatform, number> = { dingtalk: 310000, wecom: 93000, feishu: 19021, webhook: 0 };
export const RATE_CODE: Record<ReceiverPlatform, number> = { dingtalk: 130101, wecom: 45009, feishu: 11232, webhook: 0 };

export const TOKEN_CODE: Record<ReceiverPlatform, number> = { dingtalk: 300001, wecom: 93000, feishu: 19001, webhook: 0 };
export const SIGNATURE_CODE = { dingtalk: 310000, feishu: 19021 } as const;
export const INVALID_JSON_CODE: Record<ReceiverPlatform, number> = { dingtalk: 43004, wecom: 40008, feishu: 9499, webhook: 0 };
export const KEYWORD_ANSWER: Record<'dingtalk' | 'feishu', [number, string]> = {
  dingtalk: [310000, 'keywords not in content'],
  feishu: [19024, 'Key Words Not Found'],
};

/**
 * Stripe-style verification, from the scheme's description: the header is
 * `t=<unix seconds>,v1=<hex>` (several v1 allowed), the signed payload is
 * `t + "." + raw body`, HMAC-SHA256 with the secret, compared in constant
 * time, and t must be within the tolerance of the receiver's clock.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  raw: string,
  secret: string,
  nowMs = Date.now(),
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch' {
  if (!header) return 'missing';
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).map(([, v]) => Buffer.from(v, 'hex'));
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(t)) > toleranceSeconds) return 'expired';
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`, 'utf8').digest();
  return signatures.some((s) => timingSafeEqual(s, expected)) ? 'ok' : 'mismatch';
}

/** Every string in a JSON body: where a keyword may appear. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** DingTalk: query `timestamp` (ms) and `sign`; Feishu: body `timestamp` (s) and `sign`; both within an hour. */
export function robotSignatureProblem(
  platform: ReceiverPlatform,
  secret: string,
  url: URL,
  body: any,
  now: number,
): string | null {
  if (platform === 'dingtalk') {
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const sign = url.searchParams.get('sign') ?? '';
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > HOUR) return 'invalid timestamp';
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    return sign === expected ? null : 'sign not match';
  }
  if (platform === 'feishu') {
    const timestamp = String(body?.timestamp ?? '');
    if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > HOUR / 1000) {
      return 'sign match fail or timestamp is not within one hour from current time';
    }
    const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
    return body.sign === expected ? null : 'sign match fail or timestamp is not within one hour from current time';
  }
  return null;
}

/** WeCom counts a message's content: markdown at most 4096 bytes, text 2048. */
export function wecomContentProblem(platform: ReceiverPlatform, body: any): string | null {
  if (platform !== 'wecom') return null;
  if (body?.msgtype === 'markdown' && Buffer.byteLength(String(body.markdown?.content ?? '')) > 4096) {
    return 'markdown.content exceed max length 4096';
  }
  if (body?.msgtype === 'text' && Buffer.byteLength(String(body.text?.content ?? '')) > 2048)
    return 'content exceed max length 2048';
  return null;
}

/** A request body over the platform's limit: DingTalk 20 000 bytes, Feishu 20 KB. */
export function bodySizeProblem(platform: ReceiverPlatform, bytes: number): [number, string] | null {
  if (platform === 'dingtalk' && bytes > 20_000) return [460101, 'message too long, exceed 20000 bytes'];
  if (platform === 'feishu' && bytes > 20 * 1024) return [9499, 'Bad Request: body over 20K'];
  return null;
}
