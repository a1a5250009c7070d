import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, GatewayConfig, withTimeout } from '@app/config';
import { JobName, LeadReceivedPayload, QueueName } from '@app/contracts';

export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`lead queue unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

/**
 * The only way the gateway writes to Redis. Resolves once Redis has
 * acknowledged the job (so a 202 is never given for a job that is not
 * there) and fails fast instead of hanging when Redis is unreachable.
 */
@Injectable()
export class LeadProducer {
  constructor(
    @InjectQueue(QueueName.LeadIntake) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async enqueue(payload: LeadReceivedPayload): Promise<void> {
    try {
      // Job id = lead id: BullMQ ignores a second add with the same id, which
      // makes retried requests (Idempotency-Key) harmless.
      const add = this.queue.add(JobName.LeadReceived, payload, { jobId: payload.id });
      await withTimeout(add, this.config.REDIS_TIMEOUT_MS, 'redis enqueue');
    } catch (err) {
      throw new QueueUnavailableError(err);
    }
  }
}
