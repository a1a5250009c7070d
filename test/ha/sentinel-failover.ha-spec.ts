import { LeadLoad } from '../support/lead-load';
import { sleep } from '../support/wait';
import { RedisSentinelTopology } from '../support/redis-sentinel-topology';
import { HaDeployment, record, secondsToAcceptAgain } from './ha-deployment';

/**
 * Issue 4/5 against Sentinel: 1 master, 2 replicas, 3 sentinels (quorum 2),
 * `min-replicas-to-write 1`, AOF, noeviction; 2 gateways with
 * REDIS_WAIT_REPLICAS=1 and 2 workers, all child processes. Each fault runs
 * under steady load that retries a 503 with the same Idempotency-Key; every
 * 202 must end as a lead row with a task and one alert email.
 *
 * The faults share one topology and one deployment, in sequence, each
 * waiting for the replicas to be back in sync first: starting them once
 * keeps the HA project within CI's time.
 */
jest.setTimeout(600000);

const PROMOTED_ACCEPT_S = 15;
const WORKERS_RESUME_S = 30;

describe('Sentinel failover with 2 gateways and 2 workers (REDIS_WAIT_REPLICAS=1)', () => {
  let topology: RedisSentinelTopology;
  let deployment: HaDeployment;

  beforeAll(async () => {
    topology = await RedisSentinelTopology.start();
    deployment = await HaDeployment.start({
      redisEnv: {
        REDIS_SENTINELS: topology.sentinels.join(','),
        REDIS_SENTINEL_NAME: topology.masterName,
        REDIS_WAIT_REPLICAS: '1',
        REDIS_WAIT_TIMEOUT_MS: '500',
        REDIS_REQUIRE_NOEVICTION: 'true',
      },
    });
  }, 180000);

  afterAll(async () => {
    await deployment?.stop();
    await topology?.stop();
  }, 60000);

  /** Load before, during and after `fault`; returns when the fault happened and the new master was promoted. */
  async function underLoad(
    name: string,
    fault: () => Promise<{ at: number; promotedAt: number }>,
    opts: { maxDuplicates?: number; ratePerSecond?: number } = {},
  ) {
    await topology.waitForSync(60000);
    const refusedBefore = deployment.refusals();
    const load = new LeadLoad({
      urls: deployment.leadUrls,
      ratePerSecond: opts.ratePerSecond ?? 8,
      durationMs: 600000,
      retry503: { attempts: 30, maxDelayMs: 1000 },
      hangMs: 3000,
    });
    const running = load.run();
    await sleep(3000);
    const { at, promotedAt } = await fault();
    const resumed = await deployment.workersResumed(promotedAt, WORKERS_RESUME_S * 1000 + 5000);
    await sleep(Math.max(0, promotedAt + 8000 - Date.now()));
    load.stop();
    const summary = await running;
    const report = await deployment.settle([load], 90000);
    const acceptAgain = deployment.leadUrls.map((u) => secondsToAcceptAgain(load, u, promotedAt));
    record(name, {
      leads: summary.leads,
      accepted: report.accepted,
      '503s': summary.unavailable,
      errors: summary.errors,
      hangs: summary.hangs,
      lost: report.lost.length,
      duplicates: report.duplicates,
      promotedAfterS: (promotedAt - at) / 1000,
      acceptAgainS: Math.max(...acceptAgain),
      workersResumeS: Math.max(...resumed),
      consumersReplaced: deployment.workers.reduce((n, w) => n + (w.output().match(/went quiet; replacing it/g)?.length ?? 0), 0),
    });
    console.log(`[ha] ${name}: 503s by reason ${JSON.stringify(deployment.refusals(refusedBefore))}`);
    const failed = load.attempts.find((a) => a.status === 'error');
    if (report.lost.length > 0 || failed) {
      const acceptedAt = (id: string) => load.accepted.find((a) => a.id === id)?.at ?? NaN;
      const when = report.lost.slice(0, 10).map((id) => `${id} accepted ${(acceptedAt(id) - at) / 1000} s from the fault`);
      console.log(
        `lost ${report.lost.length}:\n${when.join('\n')}\n${await deployment.explain(report.lost)}\n` +
          `first error: ${failed?.error}\n${deployment.logs()}`,
      );
    }
    expect(report.lost).toEqual([]);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.duplicates).toBeLessThanOrEqual(opts.maxDuplicates ?? 0);
    expect(summary.hangs).toBe(0);
    for (const s of acceptAgain) expect(s).toBeLessThanOrEqual(PROMOTED_ACCEPT_S);
    for (const s of resumed) expect(s).toBeLessThanOrEqual(WORKERS_RESUME_S);
  }

  it('created the database and applied each migration once, with both workers starting together', async () => {
    const rows = await deployment.query<{ name: string; n: number }>(
      'SELECT name, count(*)::int AS n FROM migrations GROUP BY name',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('SENTINEL FAILOVER under load loses no 202', async () => {
    await underLoad('sentinel-failover', async () => {
      const before = await topology.currentMaster();
      const at = Date.now();
      await topology.failover();
      const { ms } = await topology.waitForNewMaster(before, 30000, at);
      return { at, promotedAt: at + ms };
    });
  });

  it('SIGKILL of the master under load loses no 202', async () => {
    const before = await topology.currentMaster();
    await underLoad(
      'sigkill-master',
      async () => {
        const at = Date.now();
        await topology.kill(before, 'SIGKILL');
        const { ms } = await topology.waitForNewMaster(before, 30000, at);
        return { at, promotedAt: at + ms };
      },
      { maxDuplicates: 2 },
    );
    await topology.restart(before);
    await topology.waitForReplica(before, 60000);
  });

  it('SIGSTOP of the master past down-after, then SIGCONT: what the old master accepts is never a 202', async () => {
    const before = await topology.currentMaster();
    await underLoad('sigstop-master', async () => {
      const at = Date.now();
      await topology.kill(before, 'SIGSTOP');
      let promoted;
      try {
        promoted = await topology.waitForNewMaster(before, 30000, at);
      } finally {
        await topology.kill(before, 'SIGCONT');
      }
      return { at, promotedAt: at + promoted.ms };
    });
    await topology.waitForReplica(before, 60000);
  });

  it('SIGSTOP of the master, resumed the moment a replica is promoted (before the sentinels switch): no 202 is lost', async () => {
    const before = await topology.currentMaster();
    await underLoad('sigstop-resumed-mid-failover', async () => {
      const at = Date.now();
      await topology.kill(before, 'SIGSTOP');
      try {
        await topology.waitForPromotion(before, 30000);
      } finally {
        // Its replicas may still be attached and acknowledge what it runs now.
        await topology.kill(before, 'SIGCONT');
      }
      const promoted = await topology.waitForNewMaster(before, 30000, at);
      return { at, promotedAt: at + promoted.ms };
    });
    await topology.waitForReplica(before, 60000);
  });

  it('sentinels stopped 45 s while the master drops every client: apps reconnect once they are back', async () => {
    await underLoad(
      'sentinels-down-45s',
      async () => {
        const master = await topology.currentMaster();
        const at = Date.now();
        await topology.stopSentinels();
        try {
          await topology.dropAllClients(master);
          await sleep(45000);
        } finally {
          await topology.startSentinels();
        }
        // Nothing is promoted: "back" is when the sentinels are.
        return { at, promotedAt: Date.now() };
      },
      { ratePerSecond: 4 },
    );
  });
});
