import { getQueueToken } from '@nestjs/bullmq';
import { OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG } from './config.module';
import { guardEvictionPolicy, logConnectionErrors } from './redis-connection';
import { withTimeout } from './with-timeout';

const BOOT_CHECK_TIMEOUT_MS = 3000;

/**
 * Watches the apps' Redis connections: logs their errors (throttled) and
 * checks, once at boot, the settings the durability promise relies on.
 */
export class RedisMonitor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: Queue[],
    private readonly required: boolean,
    private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const queue of this.queues) logConnectionErrors(queue, queue.name, this.logger);
    const check = this.checkEviction();
    // Only a required check may hold up the start; otherwise the app comes
    // up at once (answering 503 while Redis is away) and the warning follows.
    if (this.required) await check;
    else void check.catch((err: Error) => this.logger.error({ err: err.message }, 'eviction policy check failed'));
  }

  private async checkEviction(): Promise<void> {
    let client;
    try {
      client = await withTimeout(this.queues[0].getBackend().client, BOOT_CHECK_TIMEOUT_MS, 'redis connect');
    } catch {
      if (this.required) throw new Error('Redis unreachable: cannot verify maxmemory-policy (REDIS_REQUIRE_NOEVICTION=true)');
      this.logger.warn({}, 'Redis unreachable at boot; waiting for it to come back');
      return;
    }
    await guardEvictionPolicy(client, this.required, this.logger);
  }
}

/** A RedisMonitor over the given queues (registered in the same module). */
export function redisMonitorProvider(queueNames: string[]): Provider {
  return {
    provide: RedisMonitor,
    inject: [APP_CONFIG, PinoLogger, ...queueNames.map((n) => getQueueToken(n))],
    useFactory: (config: { REDIS_REQUIRE_NOEVICTION: boolean }, logger: PinoLogger, ...queues: Queue[]) => {
      logger.setContext(RedisMonitor.name);
      return new RedisMonitor(queues, config.REDIS_REQUIRE_NOEVICTION, logger);
    },
  };
}
