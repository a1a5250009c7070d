import { FaultRig, holds, lostIds } from './support-fault-rig';

const REDIS_TIMEOUT_MS = 2000;
const FILLER_KEYS = 40;

/**
 * Promise 3 of the issue: Redis that is up but refuses writes (OOM under
 * maxmemory with noeviction) is as unavailable as Redis that is down. The
 * gateway must answer 503 + Retry-After, not 202, and accept again by itself
 * once memory is available.
 */
describe('faults: Redis refusing writes (OOM)', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start({ gatewayEnv: { REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS) } });
  }, 90000);

  afterAll(async () => {
    // Never leave the limit on, even after a failed assertion: stop() needs no writes, but be tidy.
    await rig?.redis.command('CONFIG', 'SET', 'maxmemory', '0').catch(() => undefined);
    await rig?.stop();
  }, 60000);

  it('answers 503 while Redis is out of memory and accepts again once it is not', async () => {
    const before = await rig.load({ count: 10, concurrency: 5 });
    expect(rig.ledger.histogram(before)).toEqual({ 202: 10 });

    // Fill well past 1 MB so that the limit below is certainly exceeded.
    const redis = rig.redis.client();
    const chunk = 'x'.repeat(100 * 1024);
    for (let i = 0; i < FILLER_KEYS; i++) await redis.set(`filler:${i}`, chunk);
    await redis.config('SET', 'maxmemory', '1mb');
    const oomAt = Date.now();
    // Prove the precondition: Redis itself refuses a write now.
    await expect(redis.set('probe', '1')).rejects.toThrow(/OOM/);

    const during = await rig.load({ count: 20, concurrency: 5 });
    const refusedMs = Date.now() - oomAt;
    const maxLatency = Math.max(...during.map((o) => o.ms));

    await redis.config('SET', 'maxmemory', '0');
    await redis.del(...Array.from({ length: FILLER_KEYS }, (_, i) => `filler:${i}`));
    redis.disconnect();
    const restoredAt = Date.now();

    const after = await rig.load({ count: 20, concurrency: 5 });
    const result = await rig.settle(restoredAt, 90000);
    rig.summarize('redis-oom', result, {
      whileOom: JSON.stringify(rig.ledger.histogram(during)),
      maxOomLatencyMs: maxLatency,
      oomPhaseMs: refusedMs,
      afterRestore: JSON.stringify(rig.ledger.histogram(after)),
      notificationStates: JSON.stringify(result.report.notificationStates),
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(during.filter((o) => o.status !== 503 || !o.retryAfter)).toEqual([]);
    expect(maxLatency).toBeLessThan(REDIS_TIMEOUT_MS + 1500);
    expect(rig.ledger.histogram(after)).toEqual({ 202: 20 });
    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);
    expect(rig.worker.child.exitCode).toBeNull();
  }, 180000);
});
