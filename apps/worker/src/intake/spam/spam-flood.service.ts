import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { createRedisClient, InjectConfig, queueKeyPrefix, redisConnection, WorkerConfig } from '@app/config';
import { SPAM_FLOOD_WINDOW_MINUTES, spamFlood } from './spam-flood';

/** The flag's value when a worker raised it, so an operator's own flag is never lowered by one. */
const WORKER_FLAG = 'spam-share';

// KEYS[1], KEYS[2]: this minute's lead and quarantine counters; ARGV[1],
// ARGV[2]: leads and quarantined leads to add; ARGV[3]: the counters'
// lifetime. The rest of KEYS: the window's counters, leads then
// quarantined, oldest first.
const COUNT_LUA = `
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if tonumber(ARGV[2]) > 0 then
  redis.call('INCRBY', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
local half = (#KEYS - 2) / 2
local leads, held = 0, 0
for i = 3, 2 + half do leads = leads + tonumber(redis.call('GET', KEYS[i]) or '0') end
for i = 3 + half, #KEYS do held = held + tonumber(redis.call('GET', KEYS[i]) or '0') end
return {leads, held}
`;

// KEYS[1]: the under-attack flag; ARGV[1]: 'raise' (with ARGV[2], its
// lifetime) or 'lower'. Only an absent flag or this worker's own value is
// touched: a flag an operator set by hand keeps its value and expiry.
const FLAG_LUA = `
local v = redis.call('GET', KEYS[1])
if v and v ~= '${WORKER_FLAG}' then return 0 end
if ARGV[1] == 'raise' then
  redis.call('SET', KEYS[1], '${WORKER_FLAG}', 'EX', ARGV[2])
elseif v then
  redis.call('DEL', KEYS[1])
end
return 1
`;

type FloodRedis = Redis & {
  spamFloodCount(...args: (string | number)[]): Promise<[number, number]>;
  spamFloodFlag(key: string, op: 'raise' | 'lower', ttl?: number): Promise<number>;
};

/**
 * At most one count this often: a draining worker stores hundreds of leads a
 * second, and the share is taken over minutes, so a count per lead (or per
 * round trip, as before: about one per lead) bought nothing but Redis calls.
 */
const COUNT_EVERY_MS = 1000;

/**
 * Tells the gateways when most recent leads are spam: sets
 * `<prefix>:spam:under-attack`, which turns the adaptive captcha on
 * (CAPTCHA_MODE=under-attack) until the share falls again; a flag an
 * operator set by hand is left alone. Best effort: a Redis hiccup here
 * never holds up a lead.
 */
@Injectable()
export class SpamFloodService implements OnApplicationShutdown {
  private readonly redis: FloodRedis;
  private readonly prefix: string;
  /** Leads seen since the last count was sent. */
  private pending = { leads: 0, held: 0 };
  private sending = false;
  /** Set while the next count waits for COUNT_EVERY_MS to pass since the last one. */
  private next: NodeJS.Timeout | null = null;
  /** What this worker last wrote to the flag (null: nothing yet), so a quiet stream does not delete it for every lead. */
  private flagged: boolean | null = null;

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
    this.redis.defineCommand('spamFloodFlag', { numberOfKeys: 1, lua: FLAG_LUA });
  }

  /** Counts a lead: at once when the worker was quiet, else with the others of the next count. */
  record(quarantined: boolean): void {
    this.pending.leads += 1;
    if (quarantined) this.pending.held += 1;
    if (!this.sending && !this.next) void this.send();
  }

  private async send(): Promise<void> {
    this.sending = true;
    const batch = this.pending;
    this.pending = { leads: 0, held: 0 };
    try {
      await this.count(batch).catch((err: Error) => this.logger.debug({ err: err.message }, 'spam flood count skipped'));
    } finally {
      this.sending = false;
    }
    if (this.pending.leads > 0) {
      this.next = setTimeout(() => {
        this.next = null;
        void this.send();
      }, COUNT_EVERY_MS);
      this.next.unref();
    }
  }

  private async count(batch: { leads: number; held: number }): Promise<void> {
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
    const [leads, held] = await this.redis.spamFloodCount(keys.length, ...keys, batch.leads, batch.held, ttl);
    const flag = `${p}:spam:under-attack`;
    // The flag outlives a quiet spell as long as the window could still say "flood".
    const flood = spamFlood(leads, held);
    if (flood) await this.redis.spamFloodFlag(flag, 'raise', ttl);
    else if (this.flagged !== false) await this.redis.spamFloodFlag(flag, 'lower');
    this.flagged = flood;
  }

  async onApplicationShutdown(): Promise<void> {
    // What waits for the next count goes now (best effort, like every count).
    if (this.next) {
      clearTimeout(this.next);
      this.next = null;
      if (!this.sending) await this.send();
    }
    if (this.redis.status === 'wait' || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
