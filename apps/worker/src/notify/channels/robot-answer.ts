import type { DeliveryOutcome, HttpResult } from './chat-channel';
import { SENT } from './chat-channel';

/** A platform's error codes, as each documents them. */
export interface CodeTable {
  /** Too fast: park the lead for the next digest. The value is the platform's pause, if it names one. */
  rateLimited: Map<number, number | undefined>;
  /** Token, signature, keyword or IP allow-list: staff must fix the robot. */
  config: Set<number>;
  /** The message itself refused (too long, malformed): sending it again changes nothing. */
  rejected: Set<number>;
}

export interface PlatformAnswer {
  code: number;
  message: string;
}

/** Which configuration problem, for the metric label and the log, from the platform's own message. */
function configReason(message: string): string {
  if (/sign|timestamp/i.test(message)) return 'bad-signature';
  if (/key ?words?/i.test(message)) return 'keyword';
  if (/\bip\b|whitelist/i.test(message)) return 'ip-not-allowed';
  return 'bad-token';
}

/**
 * The shared reading of a robot's answer: its error code first (DingTalk,
 * WeCom and Feishu report most errors with HTTP 200), then the HTTP status.
 * A code nobody documented is retried: losing a lead is worse than a late one.
 */
export function classifyRobotAnswer(
  result: HttpResult,
  read: (body: unknown) => PlatformAnswer | null,
  table: CodeTable,
): DeliveryOutcome {
  if (result.kind === 'network')
    return { status: 'retry', reason: result.timedOut ? 'timeout' : 'network', detail: result.error };
  const answer = read(result.body);
  if (answer) {
    const detail = `${answer.code} ${answer.message}`.trim();
    if (answer.code === 0) return SENT;
    if (table.rateLimited.has(answer.code)) {
      const pause = table.rateLimited.get(answer.code);
      return { status: 'rate-limited', reason: 'rate-limit', detail, retryAfterMs: pause ?? result.retryAfterMs };
    }
    if (table.config.has(answer.code)) return { status: 'config-error', reason: configReason(answer.message), detail };
    if (table.rejected.has(answer.code)) return { status: 'failed', reason: 'rejected-message', detail };
    return { status: 'retry', reason: 'platform-error', detail };
  }
  const detail = `HTTP ${result.status} ${result.text.slice(0, 200)}`.trim();
  if (result.status === 429) return { status: 'rate-limited', reason: 'rate-limit', detail, retryAfterMs: result.retryAfterMs };
  if (result.status >= 500) return { status: 'retry', reason: 'server-error', detail };
  // A wrong path or host answers 4xx without a platform code: the URL is wrong.
  if (result.status >= 300) return { status: 'config-error', reason: `http-${result.status}`, detail };
  return { status: 'retry', reason: 'bad-response', detail };
}

/** `{errcode, errmsg}`, as DingTalk and WeCom answer. */
export function readErrcode(body: unknown): PlatformAnswer | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { errcode?: unknown; errmsg?: unknown };
  return typeof b.errcode === 'number' ? { code: b.errcode, message: String(b.errmsg ?? '') } : null;
}
