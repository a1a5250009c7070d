import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, QueueName } from '@app/contracts';
import { workerConfig } from '../worker-config';

const SWEEP_SCHEDULER_ID = 'sweep';

/**
 * Registers the periodic sweep. A job scheduler with a fixed id is one
 * schedule in Redis however many workers upsert it.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: workerConfig().SWEEP_INTERVAL_SECONDS * 1000 },
      { name: JobName.Sweep, data: {} },
    );
  }
}
