import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, GatewayConfig, guardEvictionPolicy, withTimeout } from '@app/config';
import { QueueName } from '@app/contracts';

const BOOT_CHECK_TIMEOUT_MS = 3000;

/** Checks Redis settings the durability promise relies on, once at boot. */
@Injectable()
export class RedisStartupCheck implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @InjectPinoLogger(RedisStartupCheck.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let client;
    try {
      client = await withTimeout(this.queue.getBackend().client, BOOT_CHECK_TIMEOUT_MS, 'redis connect');
    } catch {
      // The gateway still starts: it answers 503 until Redis is reachable.
      this.logger.warn({}, 'Redis unreachable at boot; leads get 503 until it is back');
      return;
    }
    await guardEvictionPolicy(client, this.config.REDIS_REQUIRE_NOEVICTION, this.logger);
  }
}
