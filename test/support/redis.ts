import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ key prefix of its own per test file: its jobs never meet another run's workers. */
export function newQueuePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `<prefix>:` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deletePrefix(prefix: string, redisUrl = REDIS_URL): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
