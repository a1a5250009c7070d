import type { AppProcess } from '../support/apps';
import { Deployment, LIMITS_OFF } from '../support/deployment';
import { LeadLoad } from '../support/lead-load';
import { sleep } from '../support/wait';
import { RedisSentinelTopology } from '../support/redis-sentinel-topology';
import { record } from './ha-deployment';

/**
 * The negative control: the same fault against two gateways side by side,
 * one with REDIS_WAIT_REPLICAS=0 on a master with `min-replicas-to-write 0`
 * (today's single-Redis setting), one with REDIS_WAIT_REPLICAS=1. Made
 * deterministic: the replicas are frozen and the master drops their links
 * (a frozen replica would otherwise still find the stream in its socket
 * buffer once resumed), so whatever the master accepts next exists only
 * there; then the master is SIGKILLed and a replica promoted.
 * No worker consumes these queues, so a lost 202 is a job missing from the
 * new master. The test only means something if the first gateway loses.
 */
jest.setTimeout(300000);

describe('negative control: replicas frozen, then the master killed', () => {
  let topology: RedisSentinelTopology;
  const gateways: AppProcess[] = [];

  beforeAll(async () => {
    topology = await RedisSentinelTopology.start({ minReplicasToWrite: 0 });
    for (const wait of ['0', '1']) {
      const rig = new Deployment({
        prefix: `control${wait}`,
        redisEnv: { REDIS_SENTINELS: topology.sentinels.join(',') },
        env: { ...LIMITS_OFF, LOG_LEVEL: 'warn' },
        gatewayEnv: { REDIS_WAIT_REPLICAS: wait },
      });
      gateways.push(await rig.startGateway({ name: `gateway-wait-${wait}` }));
    }
  }, 120000);

  afterAll(async () => {
    for (const g of gateways) await g.stop('SIGTERM', 10000).catch(() => g.kill('SIGKILL'));
    await topology?.stop();
  }, 60000);

  it('without WAIT acknowledged leads are lost; with WAIT 1 none are', async () => {
    const loads = gateways.map(
      (g) => new LeadLoad({ urls: [`${g.url}/api/leads`], ratePerSecond: 10, durationMs: 600000, hangMs: 3000 }),
    );
    const running = loads.map((l) => l.run());
    await sleep(1500);
    const master = await topology.currentMaster();
    const replicas = topology.dataNodes.filter((n) => n !== master);
    const at = Date.now();
    for (const r of replicas) await topology.kill(r, 'SIGSTOP');
    await master.command('CLIENT', 'KILL', 'TYPE', 'replica');
    await sleep(3000);
    await topology.kill(master, 'SIGKILL');
    for (const r of replicas) await topology.kill(r, 'SIGCONT');
    const { master: promoted, ms } = await topology.waitForNewMaster(master, 30000, at);
    await sleep(3000);
    loads.forEach((l) => l.stop());
    const summaries = await Promise.all(running);

    const lost: number[] = [];
    for (const [i, load] of loads.entries()) {
      let missing = 0;
      for (const a of load.accepted) {
        if (Number(await promoted.command('EXISTS', `control${i}:lead-intake:${a.id}`)) === 0) missing++;
      }
      lost.push(missing);
      record(`control REDIS_WAIT_REPLICAS=${i}`, {
        accepted: summaries[i].accepted,
        '503s': summaries[i].unavailable,
        lost: missing,
        promotedAfterS: ms / 1000,
      });
    }
    await topology.restart(master);
    expect(lost[0]).toBeGreaterThan(0);
    expect(lost[1]).toBe(0);
    expect(summaries[1].accepted).toBeGreaterThan(0);
  });
});
