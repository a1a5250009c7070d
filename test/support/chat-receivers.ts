import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  bodySizeProblem,
  CONFIG_CODE,
  DINGTALK_THROTTLE_MS,
  INVALID_JSON_CODE,
  KEYWORD_ANSWER,
  MINUTE,
  RATE_CODE,
  ReceiverPlatform,
  SIGNATURE_CODE,
  ROBOT_LIMITS,
  robotSignatureProblem,
  strings,
  TOKEN_CODE,
  verifyWebhookSignature,
  wecomContentProblem,
} from './chat-platform-rules';
import { freePort } from './ports';
import { sleep } from './wait';

export { verifyWebhookSignature } from './chat-platform-rules';
export type { ReceiverPlatform } from './chat-platform-rules';

/**
 * Local stand-ins for the DingTalk, WeCom and Feishu group robots and for a
 * webhook receiver, written from the platforms' documentation, not from our
 * sender: they check signatures, timestamps, keyword, size and rate exactly
 * as documented and answer with the platform's own codes.
 */

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
      await sleep(20);
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
    if (token !== this.token) return this.code(TOKEN_CODE[platform], 'token is not exist');
    if (this.mode === 'bad-config') return this.code(CONFIG_CODE[platform], 'sign not match (mode bad-config)');
    const size = bodySizeProblem(platform, raw.length);
    if (size) return this.code(...size);
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.code(INVALID_JSON_CODE[platform], 'invalid json');
    }
    const tooLong = wecomContentProblem(platform, body);
    if (tooLong) return this.code(40058, tooLong);
    const bad = this.secret ? robotSignatureProblem(platform, this.secret, url, body, now) : null;
    if (bad && platform !== 'wecom') return this.code(SIGNATURE_CODE[platform], bad);
    const keyword = this.keyword;
    if (keyword && platform !== 'wecom' && !strings(body).some((s) => s.includes(keyword)))
      return this.code(...KEYWORD_ANSWER[platform]);
    const limited = this.overLimit(now);
    if (limited) return this.code(RATE_CODE[platform], limited);
    this.record(req, url, raw.toString('utf8'), body, now);
    const ok =
      platform === 'feishu'
        ? { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }
        : { errcode: 0, errmsg: 'ok' };
    return { status: 200, code: null, reason: 'ok', body: ok };
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

function http(status: number, reason: string): Answer {
  return { status, code: null, reason, body: { error: reason } };
}
