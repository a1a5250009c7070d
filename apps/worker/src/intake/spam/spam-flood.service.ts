import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { createRedisClient, InjectConfig, queueKeyPrefix, redisConnection, WorkerConfig } from '@app/config';
import { SPAM_FLOOD_WINDOW_MINUTES, spamFlood } from './spam-flood';

// KEYS[1], KEYS[2]: this minute's lead and quarantine counters; ARGV[1]: 1
// when this lead was quarantined; ARGV[2]: the counters' lifetime. The rest
// of KEYS: the window's counters, leads then quarantined, oldest first.
const COUNT_LUA = `
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[1] == '1' then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
local half = (#KEYS - 2) / 2
local leads, held = 0, 0
for i = 3, 2 + half do leads = leads + tonumber(redis.call('GET', KEYS[i]) or '0') end
for i = 3 + half, #KEYS do held = held + tonumber(redis.call('GET', KEYS[i]) or '0') end
return {leads, held}
`;

type FloodRedis = Redis & { spamFloodCount(...args: (string | number)[]): Promise<[number, number]> };

/**
 * Tells the gateways when most recent leads are spam: sets
 * `<prefix>:spam:under-attack`, which turns the adaptive captcha on
 * (CAPTCHA_MODE=under-attack) until the share falls again. Best effort: a
 * Redis hiccup here never holds up a lead.
 */
@Injectable()
export class SpamFloodService implements OnApplicationShutdown {
  private readonly redis: FloodRedis;
  private readonly prefix: string;

  constructor(
    @InjectConfig() config: WorkerConfig,
    @InjectPinoLogger(SpamFloodService.name) private readonly logger: PinoLogger,
  ) {
    this.prefix = queueKeyPrefix(config);
    this.redis = createRedisClient(redisConnection(config, 'client'), {
      lazyConnect: true,
      connectionName: 'worker-spam-flood',
    }) as FloodRedis;
    this.redis.defineCommand('spamFloodCount', { lua: COUNT_LUA });
  }

  record(quarantined: boolean): void {
    void this.count(quarantined).catch((err: Error) => this.logger.debug({ err: err.message }, 'spam flood count skipped'));
  }

  private async count(quarantined: boolean): Promise<void> {
    const p = this.prefix;
    const minute = Math.floor(Date.now() / 60_000);
    const minutes = Array.from({ length: SPAM_FLOOD_WINDOW_MINUTES }, (_, i) => minute - i);
    const keys = [
      `${p}:spam:flood:leads:${minute}`,
      `${p}:spam:flood:held:${minute}`,
      ...minutes.map((m) => `${p}:spam:flood:leads:${m}`),
      ...minutes.map((m) => `${p}:spam:flood:held:${m}`),
    ];
    const ttl = (SPAM_FLOOD_WINDOW_MINUTES + 1) * 60;
    const [leads, held] = await this.redis.spamFloodCount(keys.length, ...keys, quarantined ? '1' : '0', ttl);
    const flag = `${p}:spam:under-attack`;
    // The flag outlives a quiet spell as long as the window could still say "flood".
    if (spamFlood(leads, held)) await this.redis.set(flag, '1', 'EX', ttl);
    else await this.redis.del(flag);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
