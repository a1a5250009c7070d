import type { RedisOptions } from 'bullmq';
import { withTimeout } from './with-timeout';

/** ioredis options from REDIS_URL, shared by producers and consumers. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Reconnect forever with a short ceiling, so both apps resume on their
    // own when Redis comes back.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

export interface EvictionCheck {
  policy: string;
  ok: boolean;
}

export class EvictionPolicyError extends Error {}

/**
 * BullMQ loses jobs silently if Redis evicts keys under memory pressure, so
 * anything but `noeviction` breaks the "a 202 is never lost" promise.
 */
export function checkEvictionPolicy(info: string): EvictionCheck {
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'unknown';
  return { policy, ok: policy === 'noeviction' };
}

interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Boot-time guard shared by both apps: warn loudly, or refuse to start when
 * REDIS_REQUIRE_NOEVICTION=true, if Redis may evict queued jobs.
 */
export async function guardEvictionPolicy(
  client: { info(): Promise<string> },
  required: boolean,
  logger: WarnLogger,
): Promise<void> {
  let check: EvictionCheck;
  try {
    check = checkEvictionPolicy(await client.info());
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'could not read Redis maxmemory-policy; check it is noeviction');
    return;
  }
  if (check.ok) return;
  const message =
    `Redis maxmemory-policy is "${check.policy}": under memory pressure Redis may evict queued leads. ` +
    'Set maxmemory-policy noeviction (see README, Guarantees).';
  if (required) throw new EvictionPolicyError(`${message} Refusing to start (REDIS_REQUIRE_NOEVICTION=true).`);
  logger.warn({ policy: check.policy }, message);
}

interface ProbeTarget {
  getBackend(): { client: Promise<{ status: string; get(key: string): Promise<unknown> }> };
}

/** Whether the queue's Redis connection answers, within a bounded time. */
export async function probeRedis(queue: ProbeTarget, timeoutMs: number): Promise<'up' | 'down'> {
  try {
    const client = await withTimeout(queue.getBackend().client, timeoutMs, 'redis connect');
    if (client.status !== 'ready') return 'down';
    await withTimeout(client.get('health:probe'), timeoutMs, 'redis ping');
    return 'up';
  } catch {
    return 'down';
  }
}

interface ErrorSource {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Routes a queue's connection errors to the app's logger, at most once per
 * interval: while Redis is down ioredis reports every reconnect attempt, and
 * an unhandled 'error' event would otherwise print stacks to stderr.
 */
export function logConnectionErrors(source: ErrorSource, name: string, logger: WarnLogger, intervalMs = 10_000): void {
  let last = 0;
  let suppressed = 0;
  source.on('error', (err) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn({ queue: name, err: err.message, suppressed }, 'redis connection error');
    last = now;
    suppressed = 0;
  });
}
