'use strict';
/**
 * The shared Redis of the suites and the benchmark, and the keys a
 * deployment leaves there. Plain CommonJS, typed by redis.d.ts.
 */
const { randomBytes } = require('node:crypto');
const IORedis = require('ioredis');

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ key prefix of its own per test file: its jobs never meet another run's workers. */
function newQueuePrefix() {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `<prefix>:` through `redis` (SCAN, not KEYS, so a shared Redis is not blocked). */
async function deleteKeys(redis, prefix) {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** deleteKeys on a connection of its own to `redisUrl`. */
async function deletePrefix(prefix, redisUrl = REDIS_URL) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    return await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

module.exports = { REDIS_URL, newQueuePrefix, deleteKeys, deletePrefix };
