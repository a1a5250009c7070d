import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { RedisProcess } from './redis-process';
import { waitFor } from './wait';

/**
 * A 6-node Redis Cluster on this machine (3 masters, 3 replicas), created by
 * `redis-cli --cluster create` as an operator would, each node a
 * `redis-server` on a free port in one temp dir. The cluster bus port is
 * chosen explicitly (`cluster-port`): port + 10000 could be taken or above
 * 65535 for the ephemeral ports freePort() hands out.
 */
export interface ClusterNodesOptions {
  /** `cluster-node-timeout`: how long a silent master is tolerated before its replica takes over. */
  nodeTimeoutMs?: number;
  /** 0 (default) leaves the guard off: a promoted replica has no replica of its own and would refuse writes. */
  minReplicasToWrite?: number;
  appendonly?: boolean;
}

/** One line of CLUSTER NODES. */
export interface ClusterNodeRow {
  id: string;
  port: number;
  flags: string[];
  masterId: string;
  linkState: string;
  /** Inclusive [from, to] slot ranges served (masters only). */
  slots: [number, number][];
}

export interface ClusterFailover {
  master: RedisProcess;
  /** ms from `since` until another node served the slots and cluster_state was ok again. */
  ms: number;
}

const run = promisify(execFile);

export class RedisClusterNodes {
  private constructor(
    readonly root: string,
    /** All six nodes; which are masters changes with failovers (see masterForSlot()). */
    readonly processes: RedisProcess[],
  ) {}

  static async start(opts: ClusterNodesOptions = {}): Promise<RedisClusterNodes> {
    const root = mkdtempSync(join(tmpdir(), 'ha-cluster-'));
    const cluster = new RedisClusterNodes(root, []);
    try {
      await cluster.launch({ nodeTimeoutMs: 2000, minReplicasToWrite: 0, appendonly: true, ...opts });
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** `127.0.0.1:<port>` of every node: the REDIS_CLUSTER_NODES list. */
  get nodes(): string[] {
    return this.processes.map((p) => p.address);
  }

  /** CLUSTER NODES as seen by the first answering node. */
  async clusterNodes(): Promise<ClusterNodeRow[]> {
    let lastError: unknown = new Error('no cluster node is running');
    for (const p of this.live()) {
      try {
        return parseClusterNodes(String(await p.command('CLUSTER', 'NODES')));
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }

  /** The node serving `slot` as master, in the view of the first answering node. */
  async masterForSlot(slot: number): Promise<RedisProcess> {
    const rows = await this.clusterNodes();
    const owner = rows.find(
      (r) => r.flags.includes('master') && !r.flags.includes('fail') && r.slots.some(([a, b]) => slot >= a && slot <= b),
    );
    if (!owner) throw new Error(`no master serves slot ${slot}`);
    return this.byPort(owner.port);
  }

  async masterForKey(key: string): Promise<RedisProcess> {
    const live = this.live()[0];
    if (!live) throw new Error('no cluster node is running');
    return this.masterForSlot(Number(await live.command('CLUSTER', 'KEYSLOT', key)));
  }

  /** SIGKILL (waits for the exit), SIGTERM, SIGSTOP or SIGCONT, by pid. */
  kill(node: RedisProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return node.signal(signal);
  }

  /** Start again from its nodes.conf and AOF; it rejoins (as a replica if it was replaced). */
  restart(node: RedisProcess): Promise<void> {
    return node.restart();
  }

  /**
   * After `previous` (a master) was killed or frozen: waits until another node
   * serves `slot` (one `previous` served: read it before the fault) and every
   * live node reports cluster_state:ok.
   */
  async waitForFailover(previous: RedisProcess, slot: number, timeoutMs = 30000, since = Date.now()): Promise<ClusterFailover> {
    const master = await waitFor(
      async () => {
        const m = await this.masterForSlot(slot);
        if (m === previous || (await m.info('replication')).role !== 'master') return undefined;
        return (await this.allOk()) ? m : undefined;
      },
      timeoutMs,
      `a new master for slot ${slot} after ${previous.name}`,
    );
    return { master, ms: Date.now() - since };
  }

  /** Until every live node says cluster_state:ok and every replica's link is up. */
  async waitForHealthy(timeoutMs = 30000): Promise<void> {
    await waitFor(() => this.allOk(), timeoutMs, 'cluster_state:ok on every node');
  }

  /** Stops every node and deletes the temp dir; safe after a half-finished start. */
  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    rmSync(this.root, { recursive: true, force: true });
  }

  private live(): RedisProcess[] {
    return this.processes.filter((p) => p.running && !p.paused);
  }

  private byPort(port: number): RedisProcess {
    const p = this.processes.find((n) => n.port === port);
    if (!p) throw new Error(`cluster names port ${port}, which is not a node of this rig`);
    return p;
  }

  private async allOk(): Promise<boolean> {
    for (const p of this.live()) {
      if (!/cluster_state:ok/.test(String(await p.command('CLUSTER', 'INFO')))) return false;
      const repl = await p.info('replication');
      if (repl.role === 'slave' && repl.master_link_status !== 'up') return false;
    }
    return true;
  }

  private async launch(o: Required<ClusterNodesOptions>): Promise<void> {
    for (let i = 1; i <= 6; i++) {
      const name = `cluster-${i}`;
      const config = [
        'cluster-enabled yes',
        'cluster-config-file nodes.conf',
        `cluster-node-timeout ${o.nodeTimeoutMs}`,
        `cluster-port ${await freePort()}`,
        `appendonly ${o.appendonly ? 'yes' : 'no'}`,
        'appendfsync everysec',
        'save ""',
        'maxmemory-policy noeviction',
        `min-replicas-to-write ${o.minReplicasToWrite}`,
        'repl-diskless-sync-delay 0',
      ];
      this.processes.push(await RedisProcess.start({ name, port: await freePort(), dir: join(this.root, name), config }));
    }
    // --cluster-yes accepts the proposed layout; it warns that replicas share their master's host, which is the point here.
    await run('redis-cli', ['--cluster', 'create', ...this.nodes, '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: 60000,
    });
    await waitFor(
      async () => {
        const rows = await this.clusterNodes();
        const masters = rows.filter((r) => r.flags.includes('master') && r.slots.length > 0);
        const replicas = rows.filter((r) => r.flags.includes('slave'));
        return masters.length === 3 && replicas.length === 3 && (await this.allOk());
      },
      60000,
      '3 masters, 3 replicas and cluster_state:ok on every node',
    );
  }
}

/** `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...` */
export function parseClusterNodes(text: string): ClusterNodeRow[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, addr, flags, masterId, , , , linkState, ...slots] = line.trim().split(' ');
      return {
        id,
        port: Number(addr.split('@')[0].split(':').pop()),
        flags: flags.split(','),
        masterId,
        linkState,
        slots: slots
          // Importing/migrating markers look like [slot->-id]; only plain ranges are served.
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [a, b] = s.split('-').map(Number);
            return [a, b ?? a] as [number, number];
          }),
      };
    });
}
