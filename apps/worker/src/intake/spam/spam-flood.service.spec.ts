import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import { SPAM_FLOOD_WINDOW_MINUTES } from './spam-flood';
import { SpamFloodService } from './spam-flood.service';

/** The counting script's answer and the flag's writes, in place of the service's own Redis client. */
class FloodRedis {
  counts: [number, number] | Error = [0, 0];
  calls: (string | number)[][] = [];
  flag: { op: 'raise' | 'lower'; args: unknown[] }[] = [];
  status = 'wait';

  async spamFloodCount(...args: (string | number)[]): Promise<[number, number]> {
    this.calls.push(args);
    if (this.counts instanceof Error) throw this.counts;
    return this.counts;
  }

  async spamFloodFlag(key: string, op: 'raise' | 'lower', ...args: unknown[]) {
    this.flag.push({ op, args: [key, ...args] });
    return 1;
  }
}

describe('SpamFloodService', () => {
  let redis: FloodRedis;
  let logger: ReturnType<typeof fakeLogger>;
  let service: SpamFloodService;

  beforeEach(() => {
    logger = fakeLogger();
    // The client is made lazily and never connects here: the spec puts its own in its place.
    service = new SpamFloodService(workerConfig({ QUEUE_PREFIX: 'leads' }), logger);
    redis = new FloodRedis();
    Object.assign(service, { redis });
  });

  afterEach(() => service.onApplicationShutdown());

  /** record() is fire-and-forget: let its promise chain run. */
  const settle = () => new Promise((r) => setImmediate(r));

  it("counts the lead in this minute's buckets and reads the window's", async () => {
    service.record(true);
    await settle();
    const [keyCount, ...rest] = redis.calls[0];
    expect(keyCount).toBe(2 + 2 * SPAM_FLOOD_WINDOW_MINUTES);
    const keys = rest.slice(0, Number(keyCount)) as string[];
    const minute = Math.floor(Date.now() / 60_000);
    expect(keys.slice(0, 2)).toEqual([`leads:spam:flood:leads:${minute}`, `leads:spam:flood:held:${minute}`]);
    expect(keys.filter((k) => k.includes(':held:'))).toHaveLength(1 + SPAM_FLOOD_WINDOW_MINUTES);
    expect(rest.slice(Number(keyCount))).toEqual([1, 1, (SPAM_FLOOD_WINDOW_MINUTES + 1) * 60]);
  });

  it('raises the under-attack flag when most recent leads were held, and lowers it otherwise', async () => {
    redis.counts = [20, 11];
    service.record(true);
    await settle();
    redis.counts = [20, 10];
    service.record(false);
    await settle();
    expect(redis.flag).toEqual([
      { op: 'raise', args: ['leads:spam:under-attack', (SPAM_FLOOD_WINDOW_MINUTES + 1) * 60] },
      { op: 'lower', args: ['leads:spam:under-attack'] },
    ]);
  });

  it('counts at most once a second: leads that arrive meanwhile go as one count; lowers an absent flag only once', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const ttl = (SPAM_FLOOD_WINDOW_MINUTES + 1) * 60;
      service.record(false);
      service.record(true);
      await settle();
      service.record(false);
      await settle();
      expect(redis.calls.map((c) => c.slice(-3))).toEqual([[1, 0, ttl]]);
      jest.advanceTimersByTime(999);
      await settle();
      expect(redis.calls).toHaveLength(1);
      jest.advanceTimersByTime(1);
      await settle();
      expect(redis.calls.map((c) => c.slice(-3))).toEqual([
        [1, 0, ttl],
        [2, 1, ttl],
      ]);
      // Quiet since: the next lead is counted at once.
      jest.advanceTimersByTime(5000);
      service.record(false);
      await settle();
      expect(redis.calls).toHaveLength(3);
      expect(redis.flag).toEqual([{ op: 'lower', args: ['leads:spam:under-attack'] }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends what waits for the next count when the worker shuts down', async () => {
    service.record(false);
    service.record(true);
    service.record(true);
    await settle();
    expect(redis.calls).toHaveLength(1);
    await service.onApplicationShutdown();
    expect(redis.calls.map((c) => c.slice(-3, -1))).toEqual([
      [1, 0],
      [2, 2],
    ]);
  });

  it('never holds up a lead: a Redis failure is only logged', async () => {
    redis.counts = new Error('NOSCRIPT');
    expect(() => service.record(false)).not.toThrow();
    await settle();
    expect(logger.debug).toHaveBeenCalledWith({ err: 'NOSCRIPT' }, 'spam flood count skipped');
    expect(redis.flag).toEqual([]);
  });
});
