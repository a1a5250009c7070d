import { sleep, waitFor } from '../support/wait';
import { FaultRig, holds, lostIds, type PostOutcome } from './support-fault-rig';

const REDIS_TIMEOUT_MS = 2000;

/**
 * Promises 1, 3 and 4 around Redis: SIGKILL of redis-server (no shutdown, AOF
 * as on disk) while both apps run. While it is down the gateway must say 503
 * with Retry-After in bounded time, never 202; after a restart on the same
 * port (AOF replayed) both apps resume by themselves, the worker included
 * (BullMQ consumers blocked on a dead connection are a known failure mode),
 * and every 202 ever given becomes a lead.
 */
describe('faults: Redis SIGKILL and restart', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start({ gatewayEnv: { REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS) } });
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it('answers 503 while Redis is down and recovers without restarting either app', async () => {
    const workerPid = rig.worker.child.pid;
    const gatewayPid = rig.gateway.child.pid;

    let killedAt = Infinity;
    let restartingAt = Infinity;
    let restartedAt = Infinity;
    let firstAcceptAfter = 0;
    let stop = false;
    const load = rig.load({
      until: () => stop,
      concurrency: 8,
      gapMs: 100,
      onOutcome: (o) => {
        if (o.status === 202 && o.at >= restartedAt && !firstAcceptAfter) firstAcceptAfter = o.at + o.ms;
      },
    });

    // Some traffic accepted and in flight through the worker, then the crash.
    await waitFor(() => rig.ledger.accepted.length >= 30, 20000, '30 accepted before the crash');
    const acceptedBeforeKill = rig.ledger.accepted.length;
    await rig.redis.signal('SIGKILL');
    killedAt = Date.now();

    await sleep(4000);
    restartingAt = Date.now();
    await rig.redis.restart();
    restartedAt = Date.now();

    await waitFor(() => firstAcceptAfter > 0, 30000, 'the gateway to accept again after the Redis restart');
    await sleep(1500);
    stop = true;
    const outcomes = await load;

    // Requests that started and ended while Redis was certainly down.
    const whileDown = outcomes.filter((o) => o.at >= killedAt && o.at + o.ms <= restartingAt);
    const downStatuses = rig.ledger.histogram(whileDown);
    const maxDownLatency = Math.max(0, ...whileDown.map((o) => o.ms));
    const badDown = whileDown.filter((o: PostOutcome) => o.status !== 503 || !o.retryAfter);

    const result = await rig.settle(restartedAt, 90000);
    rig.summarize('redis-sigkill-restart', result, {
      acceptedBeforeKill,
      whileDown: JSON.stringify(downStatuses),
      maxDownLatencyMs: maxDownLatency,
      gatewayAcceptsAgainMs: firstAcceptAfter - restartedAt,
      redisReloadMs: restartedAt - restartingAt,
      notificationStates: JSON.stringify(result.report.notificationStates),
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(whileDown.length).toBeGreaterThan(0);
    expect(badDown).toEqual([]);
    expect(maxDownLatency).toBeLessThan(REDIS_TIMEOUT_MS + 1500);
    // Recovery without a human: same processes, still running.
    expect(rig.worker.child.pid).toBe(workerPid);
    expect(rig.gateway.child.pid).toBe(gatewayPid);
    expect(rig.worker.child.exitCode).toBeNull();
    expect(rig.gateway.child.exitCode).toBeNull();
    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);
  }, 180000);
});
