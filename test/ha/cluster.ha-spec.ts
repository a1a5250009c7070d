import { LeadLoad } from '../support/lead-load';
import { RedisClusterNodes } from '../support/redis-cluster-nodes';
import { sleep } from '../support/wait';
import { postJson } from '../support/http';
import { validLead } from '../support/stack';
import { HaDeployment, record, secondsToAcceptAgain } from './ha-deployment';

/**
 * Both apps on a 6-node Redis Cluster (3 masters, 3 replicas) through
 * REDIS_CLUSTER_NODES. Every queue key carries the hash tag `{prefix}`, so
 * all of them live on one shard; killing that shard's master promotes its
 * replica, which has no replica of its own until the killed node rejoins:
 * meanwhile WAIT 1 cannot succeed and the gateway answers 503.
 */
jest.setTimeout(300000);

describe('Redis Cluster with REDIS_WAIT_REPLICAS=1', () => {
  let cluster: RedisClusterNodes;
  let deployment: HaDeployment;

  beforeAll(async () => {
    cluster = await RedisClusterNodes.start();
    deployment = await HaDeployment.start({
      gateways: 1,
      workers: 1,
      redisEnv: { REDIS_CLUSTER_NODES: cluster.nodes.join(','), REDIS_WAIT_REPLICAS: '1' },
    });
  }, 180000);

  afterAll(async () => {
    await deployment?.stop();
    await cluster?.stop();
  }, 60000);

  it('takes a lead end to end', async () => {
    const res = await postJson(deployment.leadUrls[0], validLead({ requirement: 'cluster lead' }));
    expect(res.status).toBe(202);
    const id = res.json<{ id: string }>().id;
    await deployment.sink.waitFor((m) => m.header('x-lead-id') === id, 30000, 'the alert');
  });

  it('killing the queue shard master mid-load loses no 202', async () => {
    const before = await cluster.masterForKey(`{${deployment.prefix}}`);
    const slot = Number(await before.command('CLUSTER', 'KEYSLOT', `{${deployment.prefix}}`));
    const load = new LeadLoad({
      urls: deployment.leadUrls,
      ratePerSecond: 8,
      durationMs: 600000,
      retry503: { attempts: 40, maxDelayMs: 1000 },
      hangMs: 3000,
    });
    const running = load.run();
    await sleep(3000);
    const at = Date.now();
    await cluster.kill(before, 'SIGKILL');
    const { ms } = await cluster.waitForFailover(before, slot, 30000, at);
    // The promoted replica is alone: 503s until the old master rejoins as its replica.
    await sleep(3000);
    const rejoinAt = Date.now();
    await cluster.restart(before);
    await cluster.waitForHealthy(60000);
    const resumed = await deployment.workersResumed(rejoinAt, 35000);
    await sleep(5000);
    load.stop();
    const summary = await running;
    const report = await deployment.settle([load], 90000);
    record('cluster-sigkill-master', {
      accepted: report.accepted,
      '503s': summary.unavailable,
      errors: summary.errors,
      lost: report.lost.length,
      duplicates: report.duplicates,
      promotedAfterS: ms / 1000,
      acceptAgainAfterRejoinS: secondsToAcceptAgain(load, deployment.leadUrls[0], rejoinAt),
      workersResumeS: Math.max(...resumed),
    });
    if (report.lost.length > 0) console.log(deployment.logs());
    expect(report.lost).toEqual([]);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.duplicates).toBeLessThanOrEqual(2);
    expect(summary.hangs).toBe(0);
  });
});
