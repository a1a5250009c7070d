import { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Cluster } from 'ioredis';
import type { RedisOptions } from 'bullmq';

/**
 * Closes the Cluster client BullMQ's queues share (Cluster mode only), after
 * the queues themselves: BullMQ never closes a connection it was given.
 */
export class SharedRedisCloser implements OnApplicationShutdown {
  constructor(private readonly client: Cluster | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.client || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client!.disconnect());
  }
}

export function sharedRedisCloser(connection: RedisOptions | Cluster): Provider {
  return {
    provide: SharedRedisCloser,
    useFactory: () => new SharedRedisCloser(connection instanceof Cluster ? connection : undefined),
  };
}
