import {
  checkEvictionPolicy,
  EvictionPolicyError,
  guardEvictionPolicy,
  queueKeyPrefix,
  redisConnection,
  redisOptionsFromUrl,
} from './redis-connection';

// INFO replies use CRLF line endings and section headers.
const info = (policy: string | null) =>
  [
    '# Server',
    'redis_version:7.4.1',
    '',
    '# Memory',
    'used_memory:1048576',
    'maxmemory:0',
    policy === null ? '' : `maxmemory_policy:${policy}`,
    'mem_fragmentation_ratio:1.2',
    '',
  ].join('\r\n');

describe('checkEvictionPolicy', () => {
  it('accepts noeviction', () => {
    expect(checkEvictionPolicy(info('noeviction'))).toEqual({ policy: 'noeviction', ok: true });
  });

  it.each(['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl'])(
    'flags %s, which may evict queued jobs',
    (policy) => {
      expect(checkEvictionPolicy(info(policy))).toEqual({ policy, ok: false });
    },
  );

  it('reports unknown (and not ok) when the field is missing', () => {
    expect(checkEvictionPolicy(info(null))).toEqual({ policy: 'unknown', ok: false });
    expect(checkEvictionPolicy('')).toEqual({ policy: 'unknown', ok: false });
  });

  it('works with LF-only text too', () => {
    expect(checkEvictionPolicy('# Memory\nmaxmemory_policy:noeviction\n')).toEqual({ policy: 'noeviction', ok: true });
  });

  it('does not match a similarly named field', () => {
    expect(checkEvictionPolicy('x_maxmemory_policy:noeviction\r\n').ok).toBe(false);
  });
});

describe('guardEvictionPolicy', () => {
  const logger = () => ({ warn: jest.fn() });

  it('is silent for noeviction', async () => {
    const log = logger();
    await guardEvictionPolicy({ info: async () => info('noeviction') }, true, log);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('warns for another policy when not required', async () => {
    const log = logger();
    await guardEvictionPolicy({ info: async () => info('allkeys-lru') }, false, log);
    expect(log.warn).toHaveBeenCalledWith({ policy: 'allkeys-lru' }, expect.stringContaining('allkeys-lru'));
  });

  it('refuses to start for another policy when required', async () => {
    await expect(guardEvictionPolicy({ info: async () => info('allkeys-lru') }, true, logger())).rejects.toBeInstanceOf(
      EvictionPolicyError,
    );
  });

  it('only warns when INFO cannot be read (managed Redis may forbid it)', async () => {
    const log = logger();
    await guardEvictionPolicy({ info: async () => Promise.reject(new Error('NOPERM')) }, true, log);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, db, credentials and TLS', () => {
    expect(redisOptionsFromUrl('rediss://user:p%40ss@redis.internal:6380/2')).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      db: 2,
      username: 'user',
      password: 'p@ss',
      tls: {},
    });
  });

  it('defaults port 6379, db 0, no TLS', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, tls: undefined });
  });
});

describe('redisConnection', () => {
  const base = {
    REDIS_URL: 'redis://:secret@10.0.0.9:6380/3',
    QUEUE_PREFIX: 'leads',
    REDIS_SENTINELS: [] as string[],
    REDIS_SENTINEL_NAME: 'mymaster',
    REDIS_CLUSTER_NODES: [] as string[],
    REDIS_TIMEOUT_MS: 1500,
  };

  it('uses REDIS_URL alone by default; the gateway fails fast, consumers wait', () => {
    const gateway = redisConnection(base, 'gateway');
    expect(gateway).toMatchObject({ mode: 'single', options: { host: '10.0.0.9', port: 6380, db: 3, password: 'secret' } });
    expect(gateway.options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1500 });
    expect(redisConnection(base, 'consumer').options).toMatchObject({ maxRetriesPerRequest: null });
    expect(queueKeyPrefix(base)).toBe('leads');
  });

  it('asks the sentinels for the master, keeping only password and db from REDIS_URL', () => {
    const c = redisConnection(
      { ...base, REDIS_SENTINELS: ['10.0.0.1:26379', 's2.internal:26380'], REDIS_SENTINEL_PASSWORD: 'sp' },
      'gateway',
    );
    expect(c.mode).toBe('sentinel');
    expect(c.options).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 's2.internal', port: 26380 },
      ],
      name: 'mymaster',
      sentinelPassword: 'sp',
      password: 'secret',
      db: 3,
      failoverDetector: true,
    });
    expect(c.options).not.toHaveProperty('host');
    const reconnect = (c.options as { reconnectOnError: (e: Error) => unknown }).reconnectOnError;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error('NOREPLICAS Not enough good replicas to write.'))).toBe(2);
    expect(reconnect(new Error('ERR wrong number of arguments'))).toBe(false);
  });

  it('runs in Cluster mode with a hash-tagged prefix, so every queue key shares one slot', () => {
    const config = { ...base, REDIS_CLUSTER_NODES: ['127.0.0.1:7000', '127.0.0.1:7001'] };
    const c = redisConnection(config, 'consumer');
    expect(c).toMatchObject({
      mode: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ],
      options: { redisOptions: { password: 'secret', maxRetriesPerRequest: null } },
    });
    expect(queueKeyPrefix(config)).toBe('{leads}');
  });
});
