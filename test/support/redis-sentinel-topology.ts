import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { RedisProcess } from './redis-process';
import { waitFor } from './wait';

/**
 * A Sentinel-managed Redis on this machine: one master, two replicas and
 * three sentinels (quorum 2), each a `redis-server` on a free port in one temp
 * dir. The fault tests of issue 4/5 kill, freeze and restart these by pid and
 * point the apps at `sentinels` (REDIS_SENTINELS).
 *
 * Data nodes run as production should: AOF, `noeviction`, and
 * `min-replicas-to-write`, so a master cut off from its replicas refuses
 * writes instead of accepting ones a failover would throw away.
 */
export interface SentinelTopologyOptions {
  masterName?: string;
  /** `sentinel down-after-milliseconds`: how long a silent master is tolerated. */
  downAfterMs?: number;
  /** `sentinel failover-timeout`; a sentinel waits twice this before retrying a failover of the same master. */
  failoverTimeoutMs?: number;
  /** 0 turns the `min-replicas-to-write` guard off. */
  minReplicasToWrite?: number;
  minReplicasMaxLag?: number;
  appendonly?: boolean;
}

export interface Promotion {
  master: RedisProcess;
  /** ms from `since` until a sentinel named the new master and it reported role:master. */
  ms: number;
}

export class RedisSentinelTopology {
  private constructor(
    readonly root: string,
    readonly masterName: string,
    /** The initial master first, then the replicas; roles change with failovers (see currentMaster()). */
    readonly dataNodes: RedisProcess[],
    readonly sentinelNodes: RedisProcess[],
    readonly options: Required<SentinelTopologyOptions>,
  ) {}

  static async start(opts: SentinelTopologyOptions = {}): Promise<RedisSentinelTopology> {
    const options: Required<SentinelTopologyOptions> = {
      masterName: 'mymaster',
      downAfterMs: 2000,
      failoverTimeoutMs: 6000,
      minReplicasToWrite: 1,
      minReplicasMaxLag: 10,
      appendonly: true,
      ...opts,
    };
    const root = mkdtempSync(join(tmpdir(), 'ha-sentinel-'));
    const topology = new RedisSentinelTopology(root, options.masterName, [], [], options);
    try {
      await topology.launch();
    } catch (err) {
      await topology.stop();
      throw err;
    }
    return topology;
  }

  /** `127.0.0.1:<port>` of each sentinel: the REDIS_SENTINELS list. */
  get sentinels(): string[] {
    return this.sentinelNodes.map((s) => s.address);
  }

  get allNodes(): RedisProcess[] {
    return [...this.dataNodes, ...this.sentinelNodes];
  }

  /** The data node the first answering sentinel names as master. */
  async currentMaster(): Promise<RedisProcess> {
    let lastError: unknown = new Error('no sentinel is running');
    for (const s of this.sentinelNodes.filter((n) => n.running && !n.paused)) {
      try {
        const [, port] = (await s.command('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.masterName)) as [string, string];
        return this.nodeByPort(Number(port));
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }

  /** `SENTINEL FAILOVER`: a forced failover without agreement from the other sentinels. */
  async failover(): Promise<void> {
    const sentinel = this.sentinelNodes.find((s) => s.running && !s.paused);
    if (!sentinel) throw new Error('no sentinel is running');
    await sentinel.command('SENTINEL', 'FAILOVER', this.masterName);
  }

  /** SIGKILL (waits for the exit), SIGTERM, SIGSTOP or SIGCONT, by pid. */
  kill(node: RedisProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return node.signal(signal);
  }

  /** Start a node again from its (possibly Sentinel-rewritten) config file and AOF. */
  restart(node: RedisProcess): Promise<void> {
    return node.restart();
  }

  /**
   * Waits until a sentinel names a master other than `previous` and that node
   * says role:master. `since` is when the fault was injected.
   */
  async waitForNewMaster(previous: RedisProcess, timeoutMs = 30000, since = Date.now()): Promise<Promotion> {
    const master = await waitFor(
      async () => {
        const m = await this.currentMaster();
        if (m === previous) return undefined;
        return (await m.info('replication')).role === 'master' ? m : undefined;
      },
      timeoutMs,
      `a master other than ${previous.name}`,
    );
    return { master, ms: Date.now() - since };
  }

  /**
   * Until a data node other than `previous` says role:master: the moment the
   * failover leader has promoted it, before any sentinel names it.
   */
  async waitForPromotion(previous: RedisProcess, timeoutMs = 30000): Promise<RedisProcess> {
    return waitFor(
      async () => {
        for (const n of this.dataNodes.filter((d) => d !== previous && d.running && !d.paused)) {
          if ((await n.info('replication')).role === 'master') return n;
        }
        return undefined;
      },
      timeoutMs,
      `a data node other than ${previous.name} promoted`,
    );
  }

  /** Until `node` is a replica of the current master, linked and caught up. */
  async waitForReplica(node: RedisProcess, timeoutMs = 30000): Promise<void> {
    await waitFor(
      async () => (await this.inSync(await this.currentMaster())).includes(node.port),
      timeoutMs,
      `${node.name} replicating from the current master`,
    );
  }

  /** Until the current master has every running replica online at its own offset. */
  async waitForSync(timeoutMs = 30000): Promise<void> {
    await waitFor(
      async () => {
        const master = await this.currentMaster();
        const replicas = this.dataNodes.filter((n) => n !== master && n.running && !n.paused);
        const synced = await this.inSync(master);
        return replicas.every((r) => synced.includes(r.port));
      },
      timeoutMs,
      'replicas in sync with the master',
    );
  }

  async stopSentinels(): Promise<void> {
    for (const s of this.sentinelNodes) await s.signal('SIGTERM');
  }

  async startSentinels(): Promise<void> {
    for (const s of this.sentinelNodes) if (!s.running) await s.restart();
  }

  /** Closes every normal and pub/sub connection on `node` (clients must reconnect). */
  async dropAllClients(node: RedisProcess): Promise<number> {
    const normal = Number(await node.command('CLIENT', 'KILL', 'TYPE', 'normal'));
    const pubsub = Number(await node.command('CLIENT', 'KILL', 'TYPE', 'pubsub'));
    return normal + pubsub;
  }

  /** Stops every process and deletes the temp dir; safe after a half-finished start. */
  async stop(): Promise<void> {
    await Promise.all(this.allNodes.map((n) => n.stop()));
    rmSync(this.root, { recursive: true, force: true });
  }

  private nodeByPort(port: number): RedisProcess {
    const node = this.dataNodes.find((n) => n.port === port);
    if (!node) throw new Error(`sentinel named port ${port}, which is not a node of this topology`);
    return node;
  }

  /** Ports of replicas that are online at the master's replication offset. */
  private async inSync(master: RedisProcess): Promise<number[]> {
    const info = await master.info('replication');
    if (info.role !== 'master') return [];
    const offset = info.master_repl_offset;
    return Object.entries(info)
      .filter(([k]) => /^slave\d+$/.test(k))
      .map(([, v]) => Object.fromEntries(v.split(',').map((kv) => kv.split('='))) as Record<string, string>)
      .filter((r) => r.state === 'online' && r.offset === offset)
      .map((r) => Number(r.port));
  }

  private dataConfig(): string[] {
    const o = this.options;
    return [
      `appendonly ${o.appendonly ? 'yes' : 'no'}`,
      'appendfsync everysec',
      'save ""',
      'maxmemory-policy noeviction',
      `min-replicas-to-write ${o.minReplicasToWrite}`,
      `min-replicas-max-lag ${o.minReplicasMaxLag}`,
      // The 7.0 default waits 5 s for more replicas before a full sync; here it only slows starts.
      'repl-diskless-sync-delay 0',
    ];
  }

  private async launch(): Promise<void> {
    const o = this.options;
    const dataPorts = [await freePort(), await freePort(), await freePort()];
    for (const [i, port] of dataPorts.entries()) {
      const name = i === 0 ? 'redis-1-master' : `redis-${i + 1}-replica`;
      const config = [...this.dataConfig(), ...(i === 0 ? [] : [`replicaof 127.0.0.1 ${dataPorts[0]}`])];
      this.dataNodes.push(await RedisProcess.start({ name, port, dir: join(this.root, name), config }));
    }
    await waitFor(async () => (await this.inSync(this.dataNodes[0])).length === 2, 30000, 'both replicas in sync');
    for (let i = 1; i <= 3; i++) {
      const name = `sentinel-${i}`;
      const config = [
        // Everything is 127.0.0.1: announce it explicitly so hello messages never carry another address.
        'sentinel announce-ip 127.0.0.1',
        `sentinel monitor ${o.masterName} 127.0.0.1 ${dataPorts[0]} 2`,
        `sentinel down-after-milliseconds ${o.masterName} ${o.downAfterMs}`,
        `sentinel failover-timeout ${o.masterName} ${o.failoverTimeoutMs}`,
        `sentinel parallel-syncs ${o.masterName} 1`,
      ];
      this.sentinelNodes.push(
        await RedisProcess.start({ name, port: await freePort(), dir: join(this.root, name), config, sentinel: true }),
      );
    }
    // Sentinels find replicas through INFO and each other through hello messages (every 2 s).
    await waitFor(
      async () => {
        for (const s of this.sentinelNodes) {
          const flat = (await s.command('SENTINEL', 'MASTER', o.masterName)) as string[];
          const m: Record<string, string> = {};
          for (let i = 0; i < flat.length; i += 2) m[flat[i]] = flat[i + 1];
          if (m['num-slaves'] !== '2' || m['num-other-sentinels'] !== '2') return undefined;
        }
        return true;
      },
      30000,
      'every sentinel to know 2 replicas and 2 other sentinels',
    );
  }
}
