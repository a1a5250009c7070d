import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { RedisClusterNodes } from '../support/redis-cluster-nodes';
import { sleep, waitFor } from '../support/wait';
import { RedisSentinelTopology } from '../support/redis-sentinel-topology';

/**
 * Proves the HA rig itself (no apps): the Sentinel topology and the cluster
 * start healthy, fail over when told or when a master dies, and behave as
 * the gateway design assumes (WAIT, min-replicas-to-write). Measured times
 * are printed; the bounds asserted are generous for a shared 2-core machine.
 */
jest.setTimeout(300000);

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    (v) => `ok:${String(v)}`,
    (e: Error) => `err:${e.message}`,
  );

/** The ioredis options that followed every Sentinel failover in the experiments (see the HA rig report). */
function sentinelClientOptions(topology: RedisSentinelTopology): RedisOptions {
  return {
    sentinels: topology.sentinels.map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })),
    name: topology.masterName,
    // Re-ask the sentinels at +switch-master instead of waiting for the old master to fail.
    failoverDetector: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    retryStrategy: (n) => Math.min(n * 100, 1000),
    sentinelRetryStrategy: (n) => Math.min(n * 100, 1000),
    // A demoted master answers READONLY; an isolated one NOREPLICAS: either way, ask the sentinels again.
    reconnectOnError: (err) => (/^(READONLY|NOREPLICAS)/.test(err.message) ? 2 : false),
  };
}

async function ready(client: Redis | Cluster): Promise<void> {
  client.on('error', () => undefined);
  if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
}

describe('Sentinel topology', () => {
  let topology: RedisSentinelTopology;

  beforeAll(async () => {
    topology = await RedisSentinelTopology.start();
  });
  afterAll(() => topology?.stop());

  it('starts a master, two synced replicas and three sentinels, configured as production', async () => {
    const master = await topology.currentMaster();
    expect(master).toBe(topology.dataNodes[0]);
    expect(topology.sentinels).toHaveLength(3);
    for (const node of topology.dataNodes) {
      expect(await node.command('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await node.command('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await node.command('CONFIG', 'GET', 'min-replicas-to-write')).toEqual(['min-replicas-to-write', '1']);
    }
    const c = await master.connect();
    await c.set('rig:probe', 'hello');
    expect(await c.call('WAIT', '2', '2000')).toBe(2);
    c.disconnect();
    for (const replica of topology.dataNodes.slice(1)) expect(await replica.command('GET', 'rig:probe')).toBe('hello');
  });

  it('SENTINEL FAILOVER promotes a replica', async () => {
    const before = await topology.currentMaster();
    const since = Date.now();
    await topology.failover();
    const { master, ms } = await topology.waitForNewMaster(before, 30000, since);
    console.log(`SENTINEL FAILOVER: ${before.name} -> ${master.name} in ${ms} ms`);
    expect(ms).toBeLessThan(15000);
    expect(await master.command('GET', 'rig:probe')).toBe('hello');
    // The old master is demoted only when a sentinel sees it still claiming the role (about 8-10 s later).
    await topology.waitForSync(60000);
    console.log(`SENTINEL FAILOVER: every replica in sync ${Date.now() - since} ms after the command`);
  });

  it('SIGKILL of the master promotes a replica soon after down-after-milliseconds, and a tuned client follows', async () => {
    const client = new Redis(sentinelClientOptions(topology));
    await ready(client);
    const before = await topology.currentMaster();
    const since = Date.now();
    await topology.kill(before, 'SIGKILL');
    const { master, ms } = await topology.waitForNewMaster(before, 30000, since);
    const firstWrite = await waitFor(() => client.set('rig:after-kill', '1').then(() => Date.now() - since), 30000, 'a write');
    console.log(`SIGKILL: ${before.name} -> ${master.name} promoted in ${ms} ms, client wrote again after ${firstWrite} ms`);
    expect(ms).toBeLessThan(topology.options.downAfterMs + 10000);
    client.disconnect();
    await topology.restart(before);
    await topology.waitForReplica(before, 60000);
  });

  it('WAIT reports 0 while the replicas are frozen; min-replicas-to-write refuses only after the lag', async () => {
    const master = await topology.currentMaster();
    const replicas = topology.dataNodes.filter((n) => n !== master);
    const c = await master.connect({ commandTimeout: 5000 });
    try {
      for (const r of replicas) await topology.kill(r, 'SIGSTOP');
      const since = Date.now();
      expect(await outcome(c.set('rig:frozen', '1'))).toBe('ok:OK');
      expect(await c.call('WAIT', '1', '500')).toBe(0);
      const refusedAfter = await waitFor(
        async () => ((await outcome(c.set('rig:frozen', '2'))).startsWith('err:NOREPLICAS') ? Date.now() - since : undefined),
        (topology.options.minReplicasMaxLag + 5) * 1000,
        'NOREPLICAS',
      );
      console.log(`replicas frozen: writes accepted (WAIT 1 500 = 0) until NOREPLICAS after ${refusedAfter} ms`);
    } finally {
      for (const r of replicas) await topology.kill(r, 'SIGCONT');
      c.disconnect();
    }
    await topology.waitForSync(30000);
  });

  it('an isolated old master: what it confirms after SIGCONT is lost; without replicas it refuses writes', async () => {
    const old = await topology.currentMaster();
    const c = await old.connect({ commandTimeout: 60000 });
    try {
      await topology.kill(old, 'SIGSTOP');
      const since = Date.now();
      const queuedSet = outcome(c.set('rig:isolated', 'lost?'));
      const queuedWait = outcome(c.call('WAIT', '1', '500'));
      const { master, ms } = await topology.waitForNewMaster(old, 30000, since);
      await topology.kill(old, 'SIGCONT');
      const [set, wait] = [await queuedSet, await queuedWait];
      // Races on resume: the queued SET may run before the replicas' EOFs (stale good-replica count), and
      // the replica sentinel has not yet re-pointed may still be attached and ack it (WAIT 1 = 1).
      const later = await waitFor(
        async () => {
          const info = await old.info('replication');
          if (info.role !== 'master') return 'demoted';
          return info.connected_slaves === '0' ? outcome(c.set('rig:isolated-later', 'x')) : undefined;
        },
        30000,
        'the old master to lose its replicas',
      );
      console.log(`isolated master: promoted ${master.name} in ${ms} ms; queued SET ${set}, WAIT ${wait}; alone: ${later}`);
      if (set !== 'ok:OK') expect(set).toMatch(/^err:NOREPLICAS/);
      expect(later).toMatch(/^(demoted|err:NOREPLICAS)/);
      await topology.waitForReplica(old, 60000);
      // Whatever the old master accepted, and whatever WAIT said, is gone once it rejoins.
      expect(await master.command('GET', 'rig:isolated')).toBeNull();
      expect(await old.command('GET', 'rig:isolated')).toBeNull();
    } finally {
      await topology.kill(old, 'SIGCONT');
      c.disconnect();
    }
  });

  it('with the sentinels down the master serves on, but a dropped client cannot find it until they return', async () => {
    const client = new Redis(sentinelClientOptions(topology));
    await ready(client);
    const master = await topology.currentMaster();
    let since: number;
    await topology.stopSentinels();
    try {
      expect(await master.command('SET', 'rig:no-sentinels', '1')).toBe('OK');
      expect(await topology.dropAllClients(master)).toBeGreaterThan(0);
      await sleep(1000);
      expect(await outcome(client.set('rig:no-sentinels', '2'))).toMatch(/^err:/);
    } finally {
      since = Date.now();
      await topology.startSentinels();
    }
    await waitFor(() => client.set('rig:no-sentinels', '3'), 30000, 'a write once sentinels are back');
    console.log(`sentinels restarting: client wrote again ${Date.now() - since} ms after the first was started`);
    client.disconnect();
  });
});

describe('Redis Cluster', () => {
  let cluster: RedisClusterNodes;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await RedisClusterNodes.start();
    const options: ClusterOptions = {
      enableOfflineQueue: false,
      slotsRefreshInterval: 2000,
      redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 1000 },
    };
    client = new Cluster(
      cluster.nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })),
      options,
    );
    await ready(client);
  });
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  /** The pool connection ioredis uses for `key`'s master: WAIT counts acks for writes on this same connection. */
  async function connectionFor(key: string): Promise<Redis> {
    const owner = client.slots[Number(await client.call('CLUSTER', 'KEYSLOT', key))][0];
    const node = client.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
    if (!node) throw new Error(`no pool connection for ${owner}`);
    return node;
  }

  it('starts 3 masters and 3 replicas with cluster_state:ok; a key written through ioredis Cluster reads back', async () => {
    expect(cluster.nodes).toHaveLength(6);
    const rows = await cluster.clusterNodes();
    expect(rows.filter((r) => r.flags.includes('master'))).toHaveLength(3);
    expect(rows.filter((r) => r.flags.includes('slave'))).toHaveLength(3);
    for (const p of cluster.processes) expect(String(await p.command('CLUSTER', 'INFO'))).toMatch(/cluster_state:ok/);
    await client.set('{rig}:lead', 'kept');
    expect(await (await connectionFor('{rig}:lead')).call('WAIT', '1', '2000')).toBe(1);
    expect(await client.get('{rig}:lead')).toBe('kept');
  });

  it('killing a master promotes its replica, and the client reads the key from it', async () => {
    const before = await cluster.masterForKey('{rig}:lead');
    const slot = Number(await before.command('CLUSTER', 'KEYSLOT', '{rig}:lead'));
    const since = Date.now();
    await cluster.kill(before, 'SIGKILL');
    const { master, ms } = await cluster.waitForFailover(before, slot, 30000, since);
    const firstRead = await waitFor(
      () => client.get('{rig}:lead').then((v) => (v ? Date.now() - since : undefined)),
      30000,
      'a read',
    );
    console.log(`cluster SIGKILL: ${before.name} -> ${master.name} in ${ms} ms, client read after ${firstRead} ms`);
    expect(await client.get('{rig}:lead')).toBe('kept');
    await cluster.restart(before);
    await cluster.waitForHealthy(60000);
    // The rejoined node learns it was failed over from the others' gossip,
    // which can take a few node timeouts on a busy machine.
    const flags = await waitFor(
      async () => {
        const row = (await cluster.clusterNodes()).find((r) => r.port === before.port);
        return row?.flags.includes('slave') ? row.flags : undefined;
      },
      30000,
      'the old master to rejoin as a replica',
    );
    expect(flags).toContain('slave');
  });
});
