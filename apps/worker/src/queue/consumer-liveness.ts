import type { Worker } from 'bullmq';
import { withTimeout } from '@app/config';

/** What the watchdog found wrong with a consumer, if anything. */
export type ConsumerFault = 'stopped' | 'connection-ended' | 'connection-lost' | null;

interface StatusOf {
  status: string;
  isCluster?: boolean;
}

const live = (c: StatusOf | undefined) =>
  c !== undefined && (c.status === 'ready' || (c.isCluster === true && c.status === 'connect'));

/**
 * One consumer's health as the watchdog sees it. BullMQ workers are known to
 * go quiet after a Sentinel failover: the run loop still "runs" while its
 * blocking connection sits in ioredis's terminal `end` state (it never
 * reconnects), or stays unconnected while the queue's main connection is
 * back. Only recreating the worker brings it back.
 */
export class ConsumerLiveness {
  /** Since when the blocking connection has been down while the main one was up. */
  private lostSince: number | undefined;

  constructor(private readonly graceMs: number) {}

  async check(worker: Worker, now = Date.now()): Promise<ConsumerFault> {
    if (worker.closing) return null;
    if (!worker.isRunning()) return 'stopped';
    const backend = worker.getBackend() as unknown as { client: Promise<StatusOf>; blockingClient?: Promise<StatusOf> };
    // A connection still making its first connect is not judged.
    const [main, blocking] = await Promise.all([settled(backend.client), settled(backend.blockingClient)]);
    if (blocking?.status === 'end') return 'connection-ended';
    if (!live(main) || live(blocking) || blocking === undefined) {
      this.lostSince = undefined;
      return null;
    }
    this.lostSince ??= now;
    return now - this.lostSince >= this.graceMs ? 'connection-lost' : null;
  }
}

function settled<T>(p: Promise<T> | undefined): Promise<T | undefined> {
  return p ? withTimeout(p, 1000, 'consumer connection').catch(() => undefined) : Promise.resolve(undefined);
}
