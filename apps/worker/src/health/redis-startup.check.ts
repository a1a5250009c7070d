import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { workerConfig } from '../worker-config';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { guardEvictionPolicy, withTimeout } from '@app/config';
import { QueueName } from '@app/contracts';

const BOOT_CHECK_TIMEOUT_MS = 3000;

/** Checks Redis settings the durability promise relies on, once at boot. */
@Injectable()
export class RedisStartupCheck implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    @InjectPinoLogger(RedisStartupCheck.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let client;
    try {
      client = await withTimeout(this.queue.getBackend().client, BOOT_CHECK_TIMEOUT_MS, 'redis connect');
    } catch {
      // The consumers reconnect on their own once Redis is back.
      this.logger.warn({}, 'Redis unreachable at boot; jobs wait until it is back');
      return;
    }
    await guardEvictionPolicy(client, workerConfig().REDIS_REQUIRE_NOEVICTION, this.logger);
  }
}
