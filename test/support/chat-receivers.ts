import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { freePort } from './ports';

/**
 * Local stand-ins for the DingTalk, WeCom and Feishu group robots and for a
 * webhook receiver, written from the platforms' documentation, not from our
 * sender: they check signatures, timestamps, keyword, size and rate exactly
 * as documented and answer with the platform's own codes.
 */
export type ReceiverPlatform = 'dingtalk' | 'wecom' | 'feishu' | 'webhook';

/** `bad-config`: the platform's answer to a wrong secret or key (310000, 19021, 93000; 401 for a webhook). */
export type ReceiverMode = 'ok' | 'bad-config' | 'http-500' | 'http-410' | 'http-400' | 'hang';

export interface ReceivedMessage {
  at: number;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface Rejection {
  at: number;
  status: number;
  /** The platform's code (errcode/code), null for a bare HTTP status. */
  code: number | null;
  reason: string;
}

export interface ReceiverOptions {
  /** Robots: signing (加签) on when set. Webhook: the signing secret (required). */
  secret?: string | null;
  /** DingTalk and Feishu keyword security; null = off. Default 线索. */
  keyword?: string | null;
  /** Messages accepted in any rolling 60 s; defaults to the platform's (20, 20, 100; webhook unlimited). */
  perMinute?: number;
  /** Feishu: 5 a second. */
  perSecond?: number;
  /** The receiver's clock in ms (signature windows, rate limits, DingTalk's throttle). */
  clock?: () => number;
}

type Answer = { status: number; body: unknown; code: number | null; reason: string };

const ROBOT_LIMITS: Record<ReceiverPlatform, [number, number]> = {
  dingtalk: [20, 0],
  wecom: [20, 0],
  feishu: [100, 5],
  webhook: [0, 0],
};
const MINUTE = 60_000;
const HOUR = 3_600_000;
export const DINGTALK_THROTTLE_MS = 10 * MINUTE;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

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
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

export class ChatReceiver {
  readonly messages: ReceivedMessage[] = [];
  readonly rejections: Rejection[] = [];
  mode: ReceiverMode = 'ok';
  clock: () => number;
  perMinute: number;
  perSecond: number;
  keyword: string | null;
  /** DingTalk: no message is taken before this (ms), after a robot went over its minute. */
  throttledUntil = 0;
  readonly token = randomBytes(16).toString('hex');
  private server: Server;

  private constructor(
    readonly platform: ReceiverPlatform,
    readonly port: number,
    readonly secret: string | null,
    options: ReceiverOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    [this.perMinute, this.perSecond] = ROBOT_LIMITS[platform];
    this.perMinute = options.perMinute ?? this.perMinute;
    this.perSecond = options.perSecond ?? this.perSecond;
    this.keyword = options.keyword === undefined ? '线索' : options.keyword;
  }

  static async start(platform: ReceiverPlatform, options: ReceiverOptions = {}): Promise<ChatReceiver> {
    const secret = options.secret ?? (platform === 'webhook' ? `whsec_${randomBytes(8).toString('hex')}` : null);
    const receiver = new ChatReceiver(platform, await freePort(), secret, options);
    await receiver.up();
    return receiver;
  }

  /** The destination URL, as DINGTALK_ROBOTS (etc.) takes it, secret after `#`. */
  get entry(): string {
    return this.secret ? `${this.url}#${this.secret}` : this.url;
  }

  get url(): string {
    const base = `http://127.0.0.1:${this.port}`;
    if (this.platform === 'dingtalk') return `${base}/robot/send?access_token=${this.token}`;
    if (this.platform === 'wecom') return `${base}/cgi-bin/webhook/send?key=${this.token}`;
    if (this.platform === 'feishu') return `${base}/open-apis/bot/v2/hook/${this.token}`;
    return `${base}/hook`;
  }

  up(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Refuses connections from now on (until up()), like a receiver that is down. */
  down(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  close(): Promise<void> {
    return this.server.listening ? this.down() : Promise.resolve();
  }

  /** Resolves once `count` messages were accepted. */
  async waitForMessages(count: number, timeoutMs = 10_000): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`${this.platform} receiver: ${this.messages.length} of ${count} messages`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.messages;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const now = this.clock();
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (this.mode === 'hang') return; // never answers: the sender's timeout must fire
    const answer = this.check(req, url, raw, now);
    if (answer.status !== 200 || answer.code) {
      this.rejections.push({ at: now, status: answer.status, code: answer.code, reason: answer.reason });
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer.body));
  }

  private check(req: IncomingMessage, url: URL, raw: Buffer, now: number): Answer {
    const { platform } = this;
    if (req.method !== 'POST' || url.pathname !== new URL(this.url).pathname) return http(404, 'no such path');
    if (this.mode === 'http-500') return http(500, 'mode http-500');
    if (this.mode === 'http-410') return http(410, 'mode http-410');
    if (this.mode === 'http-400') return http(400, 'mode http-400');
    if (platform === 'webhook') return this.checkWebhook(req, raw.toString('utf8'), now);
    const token =
      platform === 'feishu'
        ? url.pathname.split('/').pop()
        : url.searchParams.get(platform === 'dingtalk' ? 'access_token' : 'key');
    if (token !== this.token)
      return this.code(platform === 'dingtalk' ? 300001 : platform === 'wecom' ? 93000 : 19001, 'token is not exist');
    if (this.mode === 'bad-config') return this.code(CONFIG_CODE[platform], 'sign not match (mode bad-config)');
    if (platform === 'dingtalk' && raw.length > 20_000) return this.code(460101, 'message too long, exceed 20000 bytes');
    if (platform === 'feishu' && raw.length > 20 * 1024) return this.code(9499, 'Bad Request: body over 20K');
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.code(platform === 'dingtalk' ? 43004 : platform === 'wecom' ? 40008 : 9499, 'invalid json');
    }
    const tooLong = this.wecomTooLong(body);
    if (tooLong) return this.code(40058, tooLong);
    const bad = this.checkSignature(url, body, now);
    if (bad) return this.code(platform === 'dingtalk' ? 310000 : 19021, bad);
    if (this.keyword && platform !== 'wecom' && !strings(body).some((s) => s.includes(this.keyword!))) {
      return this.code(
        platform === 'dingtalk' ? 310000 : 19024,
        platform === 'dingtalk' ? 'keywords not in content' : 'Key Words Not Found',
      );
    }
    const limited = this.overLimit(now);
    if (limited) return this.code(RATE_CODE[platform], limited);
    this.record(req, url, raw.toString('utf8'), body, now);
    if (platform === 'feishu')
      return {
        status: 200,
        code: null,
        reason: 'ok',
        body: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' },
      };
    return { status: 200, code: null, reason: 'ok', body: { errcode: 0, errmsg: 'ok' } };
  }

  private checkSignature(url: URL, body: any, now: number): string | null {
    if (!this.secret) return null;
    if (this.platform === 'dingtalk') {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const sign = url.searchParams.get('sign') ?? '';
      if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > HOUR) return 'invalid timestamp';
      const expected = createHmac('sha256', this.secret).update(`${timestamp}\n${this.secret}`).digest('base64');
      return sign === expected ? null : 'sign not match';
    }
    if (this.platform === 'feishu') {
      const timestamp = String(body?.timestamp ?? '');
      if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > HOUR / 1000) {
        return 'sign match fail or timestamp is not within one hour from current time';
      }
      const expected = createHmac('sha256', `${timestamp}\n${this.secret}`).update('').digest('base64');
      return body.sign === expected ? null : 'sign match fail or timestamp is not within one hour from current time';
    }
    return null;
  }

  private wecomTooLong(body: any): string | null {
    if (this.platform !== 'wecom') return null;
    if (body?.msgtype === 'markdown' && Buffer.byteLength(String(body.markdown?.content ?? '')) > 4096) {
      return 'markdown.content exceed max length 4096';
    }
    if (body?.msgtype === 'text' && Buffer.byteLength(String(body.text?.content ?? '')) > 2048)
      return 'content exceed max length 2048';
    return null;
  }

  /** The platform's rolling limits; DingTalk stops taking anything for 10 minutes once a robot crosses its minute. */
  private overLimit(now: number): string | null {
    if (this.platform === 'dingtalk' && now < this.throttledUntil) return 'send too fast, robot throttled for 10 minutes';
    const inLast = (ms: number) => this.messages.filter((m) => m.at > now - ms).length;
    if (this.perMinute > 0 && inLast(MINUTE) >= this.perMinute) {
      if (this.platform === 'dingtalk') this.throttledUntil = now + DINGTALK_THROTTLE_MS;
      return `send too fast, exceed ${this.perMinute} times per minute`;
    }
    if (this.perSecond > 0 && inLast(1000) >= this.perSecond) return 'frequency limited';
    return null;
  }

  private checkWebhook(req: IncomingMessage, raw: string, now: number): Answer {
    if (this.mode === 'bad-config') return http(401, 'mode bad-config');
    const verdict = verifyWebhookSignature(req.headers['x-lead-signature'] as string | undefined, raw, this.secret!, now);
    if (verdict !== 'ok') return http(400, `signature ${verdict}`);
    if (!req.headers['x-lead-event'] || !req.headers['x-lead-delivery'])
      return http(400, 'missing X-Lead-Event or X-Lead-Delivery');
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return http(400, 'invalid json');
    }
    this.record(req, new URL(req.url ?? '/', 'http://receiver'), raw, body, now);
    return { status: 200, code: null, reason: 'ok', body: { received: true } };
  }

  private record(req: IncomingMessage, url: URL, raw: string, body: any, at: number): void {
    this.messages.push({ at, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, raw, body });
  }

  private code(code: number, message: string): Answer {
    const body = this.platform === 'feishu' ? { code, msg: message, data: {} } : { errcode: code, errmsg: message };
    return { status: 200, code, reason: message, body };
  }
}

const CONFIG_CODE: Record<ReceiverPlatform, number> = { dingtalk: 310000, wecom: 93000, feishu: 19021, webhook: 0 };
const RATE_CODE: Record<ReceiverPlatform, number> = { dingtalk: 130101, wecom: 45009, feishu: 11232, webhook: 0 };

function http(status: number, reason: string): Answer {
  return { status, code: null, reason, body: { error: reason } };
}
