import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, QueueName } from '@app/contracts';
import { workerConfig } from '../worker-config';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Registers the periodic jobs. A job scheduler with a fixed id is one
 * schedule in Redis however many workers upsert it.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = workerConfig();
    const every = c.SWEEP_INTERVAL_SECONDS * 1000;
    await this.queue.upsertJobScheduler('sweep', { every }, { name: JobName.Sweep, data: {} });
    await this.queue.upsertJobScheduler('sla-check', { every }, { name: JobName.SlaCheck, data: {} });
    if (c.LEAD_RETENTION_DAYS > 0) {
      await this.queue.upsertJobScheduler('retention', { every: DAY_MS }, { name: JobName.Retention, data: {} });
    } else {
      await this.queue.removeJobScheduler('retention');
    }
  }
}
