import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Queue } from 'bullmq';
import IORedis, { type Cluster } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { GatewayConfig, InjectConfig, logConnectionErrors, queueKeyPrefix } from '@app/config';
import { QueueName } from '@app/contracts';
import { fieldsOf, SentinelView, sentinelVerdict } from './sentinel-verdict';

export class NotReplicatedError extends Error {
  constructor(why: string) {
    super(`job not confirmed on the replicas: ${why}`);
    this.name = 'NotReplicatedError';
  }
}

/** The parts of an ioredis connection the confirmation reads. */
interface NodeConnection {
  stream?: { remoteAddress?: string; remotePort?: number };
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

type QueueClient = NodeConnection & Partial<Pick<Cluster, 'slots' | 'nodes'>> & { isCluster?: boolean };

/** `host:port` forms of a sentinel's answer; a hostname (announce-hostnames) is resolved to compare with the socket's peer. */
async function addressesOf([host, port]: unknown[]): Promise<string[]> {
  if (typeof host !== 'string') return [];
  if (isIP(host)) return [`${host}:${String(port)}`];
  const resolved = await lookup(host, { all: true }).catch(() => []);
  return resolved.map((r) => `${r.address.replace(/^::ffff:/, '')}:${String(port)}`);
}

/** `::ffff:10.0.0.5` and `10.0.0.5` are the same peer. */
const peerOf = (s: NodeConnection['stream']) => `${(s?.remoteAddress ?? '').replace(/^::ffff:/, '')}:${s?.remotePort ?? ''}`;

/**
 * Makes a 202 mean "the job is on REDIS_WAIT_REPLICAS replicas". Redis
 * replicates asynchronously, so after the add the same connection sends
 * `WAIT n timeout` (it counts replicas that acknowledged this connection's
 * writes). A WAIT that ran on another connection than the add (a reconnect
 * in between) proves nothing, so the socket must be the same before and after.
 *
 * With Sentinel, WAIT alone is not enough: a master frozen through a
 * failover runs the queued add once it resumes, and a replica the sentinels
 * have not yet moved to the new master may still acknowledge it: the write
 * is confirmed and then thrown away when the old master is demoted. So the
 * sentinels must also vouch for the node written to (`sentinelVerdict`).
 */
@Injectable()
export class ReplicaConfirmation implements OnModuleDestroy {
  private readonly sentinels: IORedis[];
  private clusterSlot?: number;

  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectPinoLogger(ReplicaConfirmation.name) logger: PinoLogger,
  ) {
    const checkSentinels = config.REDIS_WAIT_REPLICAS > 0 && config.REDIS_SENTINELS.length > 0;
    this.sentinels = (checkSentinels ? config.REDIS_SENTINELS : []).map((address) => {
      const i = address.lastIndexOf(':');
      const client = new IORedis({
        host: address.slice(0, i),
        port: Number(address.slice(i + 1)),
        password: config.REDIS_SENTINEL_PASSWORD,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: Math.max(200, config.REDIS_WAIT_TIMEOUT_MS),
        connectionName: 'gateway-replica-check',
        retryStrategy: (times: number) => Math.min(times * 100, 1000),
      });
      logConnectionErrors(client, `sentinel ${address}`, logger);
      return client;
    });
  }

  get enabled(): boolean {
    return this.config.REDIS_WAIT_REPLICAS > 0;
  }

  /** Runs `write` (one add to the lead queue) and returns once it is proven replicated; throws otherwise. */
  async confirm<T>(write: () => Promise<T>): Promise<T> {
    if (!this.enabled) return write();
    const client = (await this.queue.getBackend().client) as unknown as QueueClient;
    const node = await this.nodeOf(client);
    const peer = node.stream;
    const result = await write();
    const n = this.config.REDIS_WAIT_REPLICAS;
    const acked = Number(await node.call('WAIT', n, this.config.REDIS_WAIT_TIMEOUT_MS));
    if (acked < n) throw new NotReplicatedError(`${acked} of ${n} replicas within ${this.config.REDIS_WAIT_TIMEOUT_MS} ms`);
    if (node.stream !== peer || (client.isCluster && (await this.nodeOf(client)) !== node)) {
      throw new NotReplicatedError('the connection changed while confirming');
    }
    if (this.sentinels.length > 0) await this.confirmMaster(peerOf(peer));
    return result;
  }

  /** Cluster: the pool connection of the master serving the queue's slot (all its keys share one hash tag). */
  private async nodeOf(client: QueueClient): Promise<NodeConnection> {
    if (!client.isCluster) return client;
    this.clusterSlot ??= Number(await client.call('CLUSTER', 'KEYSLOT', queueKeyPrefix(this.config)));
    const owner = client.slots?.[this.clusterSlot]?.[0];
    const node = client.nodes?.('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
    if (!node) throw new NotReplicatedError(`no connection to the master of slot ${this.clusterSlot}`);
    return node as unknown as NodeConnection;
  }

  private async confirmMaster(peer: string): Promise<void> {
    const views = await Promise.all(
      this.sentinels.map(async (s): Promise<SentinelView | null> => {
        const fields = fieldsOf(await s.call('SENTINEL', 'MASTER', this.config.REDIS_SENTINEL_NAME).catch(() => null));
        const addresses = await addressesOf([fields.get('ip'), fields.get('port')]);
        if (addresses.length === 0) return null;
        return {
          addresses,
          flags: (fields.get('flags') ?? '').split(','),
          configEpoch: Number(fields.get('config-epoch') ?? 0),
        };
      }),
    );
    const veto = sentinelVerdict(peer, views);
    if (veto) throw new NotReplicatedError(veto);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.sentinels.map((s) => s.quit().catch(() => s.disconnect())));
  }
}
