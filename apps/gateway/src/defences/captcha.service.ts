import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { hash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  createRedisClient,
  GatewayConfig,
  InjectConfig,
  logConnectionErrors,
  queueKeyPrefix,
  redisConnection,
  withTimeout,
} from '@app/config';
import type { FieldError } from '@app/contracts';
import { captchaRequired } from './attack-detector';
import { CaptchaProvider, captchaProvider, VerifyVerdict } from './captcha-providers';

/** How long a provider may take before CAPTCHA_FAIL_OPEN decides. */
const VERIFY_TIMEOUT_MS = 3000;
/** Longer than any provider keeps a token valid, so a used one is never accepted again. */
const USED_TOKEN_TTL_SECONDS = 600;
const WINDOW_SECONDS = 60;

// KEYS[1]: the form's post counter (a window that starts with its first post
// and lasts a minute); KEYS[2]: "over the trigger within the last minute";
// KEYS[3]: the worker's quarantine flag. ARGV[1]: 1 to count this post, 0 to
// only look; ARGV[2]: the trigger. The second key keeps a flood from getting
// its first posts of every new window through without a captcha.
const ATTACK_LUA = `
local n
if ARGV[1] == '1' then
  n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('EXPIRE', KEYS[1], ${WINDOW_SECONDS}) end
  if n > tonumber(ARGV[2]) then redis.call('SET', KEYS[2], '1', 'EX', ${WINDOW_SECONDS}) end
else
  n = tonumber(redis.call('GET', KEYS[1]) or '0')
end
return {n, redis.call('EXISTS', KEYS[2]), redis.call('EXISTS', KEYS[3])}
`;

type CaptchaRedis = (Redis | Cluster) & {
  captchaAttack(...args: (string | number)[]): Promise<[number, number, number]>;
};

export type CaptchaCheck =
  | { kind: 'ok'; unverified: boolean }
  | { kind: 'invalid'; error: FieldError }
  /** The provider could not answer and CAPTCHA_FAIL_OPEN is false. */
  | { kind: 'unavailable' };

/**
 * The adaptive captcha: counts posts per form across gateways, asks for a
 * token while a form is under attack (or always) and verifies it with the
 * provider, each token once. Built but idle with CAPTCHA_PROVIDER=none: no
 * Redis connection, and `active` keeps the accept path from calling it.
 */
@Injectable()
export class CaptchaService implements OnModuleDestroy {
  readonly active: boolean;
  private readonly redis?: CaptchaRedis;
  private readonly provider?: CaptchaProvider;
  private readonly prefix: string;

  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectPinoLogger(CaptchaService.name) private readonly logger: PinoLogger,
  ) {
    this.prefix = queueKeyPrefix(config);
    const name = config.CAPTCHA_PROVIDER;
    this.active = name !== 'none' && config.CAPTCHA_MODE !== 'never';
    if (!this.active || name === 'none') return;
    this.provider = captchaProvider(name, { id: config.CAPTCHA_ID, key: config.CAPTCHA_KEY, baseUrl: config.CAPTCHA_VERIFY_URL });
    this.redis = createRedisClient(redisConnection(config, 'gateway'), { connectionName: 'gateway-captcha' }) as CaptchaRedis;
    logConnectionErrors(this.redis, 'gateway-captcha', logger);
    this.redis.defineCommand('captchaAttack', { numberOfKeys: 3, lua: ATTACK_LUA });
  }

  /** For the page: whether a visitor of this form would be asked now (nothing counted). */
  async requiredFor(slug: string): Promise<boolean> {
    if (!this.active) return false;
    return this.required(slug, false);
  }

  /** One post to `slug`: counted, then its `captcha` field verified when one is needed. Throws when Redis fails. */
  async check(body: unknown, slug: string, ip: string): Promise<CaptchaCheck> {
    if (!(await this.required(slug, true))) return { kind: 'ok', unverified: false };
    const token = (body as Record<string, unknown> | null | undefined)?.captcha;
    if (typeof token !== 'string' || token === '') return invalid('captcha_required');
    const request = this.provider!.request(token, ip, new Date());
    if (!request) return invalid('captcha_invalid');
    const usedKey = `${this.prefix}:gateway:captcha:used:${hash('sha256', token, 'base64url')}`;
    const claimed = await withTimeout(
      this.redis!.set(usedKey, '1', 'EX', USED_TOKEN_TTL_SECONDS, 'NX'),
      this.config.REDIS_TIMEOUT_MS,
      'redis captcha token',
    );
    if (claimed !== 'OK') return invalid('captcha_invalid');

    const verdict = await this.ask(request);
    if (verdict === 'pass') return { kind: 'ok', unverified: false };
    if (verdict === 'fail') return invalid('captcha_invalid');
    if (this.config.CAPTCHA_FAIL_OPEN) return { kind: 'ok', unverified: true };
    // The visitor did nothing wrong: the same token may be tried again.
    await this.redis!.del(usedKey).catch(() => undefined);
    return { kind: 'unavailable' };
  }

  private async required(slug: string, count: boolean): Promise<boolean> {
    const { CAPTCHA_MODE: mode, CAPTCHA_TRIGGER_PER_MINUTE: trigger } = this.config;
    if (mode !== 'under-attack') return mode === 'always';
    const p = this.prefix;
    const [posts, over, flag] = await withTimeout(
      this.redis!.captchaAttack(
        `${p}:gateway:captcha:posts:${slug}`,
        `${p}:gateway:captcha:attack:${slug}`,
        `${p}:spam:under-attack`,
        count ? '1' : '0',
        trigger,
      ),
      this.config.REDIS_TIMEOUT_MS,
      'redis captcha count',
    );
    return captchaRequired(mode, trigger, { posts, recentlyOver: over === 1, quarantineFlag: flag === 1 });
  }

  private async ask(request: { url: string; headers: Record<string, string>; body: string }): Promise<VerifyVerdict> {
    try {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the verdict reads it as the provider failing.
      }
      const verdict = this.provider!.verdict(res.status, body);
      if (verdict === 'error')
        this.logger.warn({ status: res.status, provider: this.config.CAPTCHA_PROVIDER }, 'captcha provider error');
      return verdict;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, provider: this.config.CAPTCHA_PROVIDER }, 'captcha provider unreachable');
      return 'error';
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis!.disconnect());
  }
}

function invalid(code: 'captcha_required' | 'captcha_invalid'): CaptchaCheck {
  return { kind: 'invalid', error: { field: 'captcha', code } };
}
