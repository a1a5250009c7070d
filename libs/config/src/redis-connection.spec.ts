import { checkEvictionPolicy, EvictionPolicyError, guardEvictionPolicy, redisOptionsFromUrl } from './redis-connection';

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
