import type Redis from 'ioredis';

/** The shared Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379). */
export const REDIS_URL: string;
export function newQueuePrefix(): string;
/** Deletes every key under `<prefix>:` through `redis`; returns how many. */
export function deleteKeys(redis: Redis, prefix: string): Promise<number>;
export function deletePrefix(prefix: string, redisUrl?: string): Promise<number>;
