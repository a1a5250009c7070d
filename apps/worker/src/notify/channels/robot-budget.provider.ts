import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, createRedisClient, queueKeyPrefix, redisConnection, WorkerConfig } from '@app/config';
import { BudgetWindows, ROBOT_BUDGET_PREFIX, ROBOT_BUDGET_REDIS, ROBOT_BUDGET_WINDOWS } from './robot-budget.service';

/**
 * The windows the budget counts in, a little longer than the platforms':
 * a message is counted when its slot is taken (Redis's clock) and by the
 * platform when it arrives, and the first of a minute's messages may
 * arrive later after it was taken than the one that closes the window.
 */
export const ROBOT_BUDGET_MARGINS: BudgetWindows = { minuteMs: 61_000, secondMs: 1_100 };

/**
 * The Redis connection of the robots' shared budget (and of the once-only
 * error log). Lazy: a deployment without robots never opens it.
 */
export const robotBudgetProviders: Provider[] = [
  {
    provide: ROBOT_BUDGET_REDIS,
    inject: [APP_CONFIG],
    // Typed as Redis: the budget uses single-key commands, which a Cluster client routes the same way.
    useFactory: (config: WorkerConfig): Redis =>
      createRedisClient(redisConnection(config, 'client'), { lazyConnect: true, connectionName: 'worker-robot-budget' }) as Redis,
  },
  { provide: ROBOT_BUDGET_PREFIX, inject: [APP_CONFIG], useFactory: (config: WorkerConfig) => queueKeyPrefix(config) },
  { provide: ROBOT_BUDGET_WINDOWS, useValue: ROBOT_BUDGET_MARGINS },
];

/** Closes the budget's connection once the queue consumers have stopped. */
@Injectable()
export class RobotBudgetConnection implements OnApplicationShutdown {
  constructor(@Inject(ROBOT_BUDGET_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
