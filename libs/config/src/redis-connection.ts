import IORedis, { Cluster, type ClusterOptions, type RedisOptions as IORedisOptions } from 'ioredis';
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

/** The settings that say where Redis is and how it is run (commonEnv). */
export interface RedisTopologyConfig {
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  REDIS_SENTINELS: string[];
  REDIS_SENTINEL_NAME: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_CLUSTER_NODES: string[];
  /** The gateway's bound for one round trip; other roles have none. */
  REDIS_TIMEOUT_MS?: number;
}

/**
 * Who the connection is for. `gateway`: fail fast (a 503 now, never a
 * buffered command); `consumer`: BullMQ's queues and workers, which wait out
 * any outage; `client`: the worker's own short commands (robot budgets).
 */
export type RedisRole = 'gateway' | 'consumer' | 'client';

export type RedisConnection =
  | { mode: 'single' | 'sentinel'; options: IORedisOptions }
  | { mode: 'cluster'; nodes: { host: string; port: number }[]; options: ClusterOptions };

const hostPort = (a: string) => ({ host: a.slice(0, a.lastIndexOf(':')), port: Number(a.slice(a.lastIndexOf(':') + 1)) });

// A demoted master answers READONLY, an isolated one NOREPLICAS: neither ran
// the command, so reconnect (through the sentinels, to the new master) and resend it.
const reconnectOnFailover = (err: Error) => (/^(READONLY|NOREPLICAS)/.test(err.message) ? 2 : false);

function roleOptions(role: RedisRole, config: RedisTopologyConfig): IORedisOptions {
  switch (role) {
    case 'gateway':
      return { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: config.REDIS_TIMEOUT_MS ?? 2000 };
    case 'consumer':
      // Consumers must wait out a Redis outage, never give up on a command.
      return { maxRetriesPerRequest: null };
    case 'client':
      return { maxRetriesPerRequest: 3 };
  }
}

/**
 * How each app reaches Redis: one URL, a Sentinel-managed master
 * (REDIS_SENTINELS; REDIS_URL then gives only password and db) or a Cluster
 * (REDIS_CLUSTER_NODES). Every Redis client of both apps is built from this.
 */
export function redisConnection(config: RedisTopologyConfig, role: RedisRole): RedisConnection {
  const fromUrl = redisOptionsFromUrl(config.REDIS_URL) as IORedisOptions;
  const forRole = roleOptions(role, config);
  if (config.REDIS_CLUSTER_NODES.length > 0) {
    const { username, password, tls } = fromUrl;
    const { enableOfflineQueue, ...perNode } = forRole;
    return {
      mode: 'cluster',
      nodes: config.REDIS_CLUSTER_NODES.map(hostPort),
      options: {
        enableOfflineQueue: enableOfflineQueue ?? true,
        slotsRefreshInterval: 2000,
        clusterRetryStrategy: (times: number) => Math.min(times * 100, 1000),
        redisOptions: { username, password, tls, connectTimeout: 1000, ...perNode },
      },
    };
  }
  if (config.REDIS_SENTINELS.length > 0) {
    const { host: _host, port: _port, ...auth } = fromUrl;
    return {
      mode: 'sentinel',
      options: {
        ...auth,
        sentinels: config.REDIS_SENTINELS.map(hostPort),
        name: config.REDIS_SENTINEL_NAME,
        sentinelPassword: config.REDIS_SENTINEL_PASSWORD,
        // Re-ask the sentinels at +switch-master instead of waiting for the old master to fail.
        failoverDetector: true,
        retryStrategy: (times: number) => Math.min(times * 100, 1000),
        sentinelRetryStrategy: (times: number) => Math.min(times * 100, 1000),
        reconnectOnError: reconnectOnFailover,
        ...forRole,
      },
    };
  }
  return { mode: 'single', options: { ...fromUrl, ...forRole } };
}

/** A new client for `connection` (the caller closes it); `extra` adds e.g. connectionName or lazyConnect. */
export function createRedisClient(connection: RedisConnection, extra: IORedisOptions = {}): IORedis | Cluster {
  if (connection.mode === 'cluster') {
    const { lazyConnect, ...perNode } = extra;
    return new Cluster(connection.nodes, {
      ...connection.options,
      lazyConnect,
      redisOptions: { ...connection.options.redisOptions, ...perNode },
    });
  }
  return new IORedis({ ...connection.options, ...extra });
}

/**
 * BullMQ's `connection`: options it builds its own clients from, or in
 * Cluster mode a Cluster (BullMQ cannot build one from options; the caller
 * closes it after the queues).
 */
export function bullConnection(connection: RedisConnection): RedisOptions | Cluster {
  if (connection.mode === 'cluster') return createRedisClient(connection) as Cluster;
  return connection.options as RedisOptions;
}

/**
 * BullMQ's key prefix. In a Cluster every key of a queue, and of all queues
 * (their scripts touch several), must hash to one slot: the hash tag does it.
 */
export function queueKeyPrefix(config: Pick<RedisTopologyConfig, 'QUEUE_PREFIX' | 'REDIS_CLUSTER_NODES'>): string {
  return config.REDIS_CLUSTER_NODES.length > 0 ? `{${config.QUEUE_PREFIX}}` : config.QUEUE_PREFIX;
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
    'Set maxmemory-policy noeviction (see docs/operations.md, Guarantees).';
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
