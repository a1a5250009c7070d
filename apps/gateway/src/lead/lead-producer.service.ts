import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { GatewayConfig, InjectConfig, withTimeout } from '@app/config';
import { JobName, JobQueue, LeadReceivedPayload, QueueName } from '@app/contracts';
import { ReplicaConfirmation } from './replica-confirmation.service';

export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`lead queue unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

/**
 * The only way the gateway writes to Redis. Resolves once Redis has
 * acknowledged the job (and, with REDIS_WAIT_REPLICAS, its replicas have),
 * so a 202 is never given for a job that is not there, and fails fast
 * instead of hanging when Redis is unreachable.
 */
@Injectable()
export class LeadProducer {
  private readonly jobs: JobQueue<QueueName.LeadIntake>;

  constructor(
    @InjectQueue(QueueName.LeadIntake) queue: Queue,
    private readonly replicas: ReplicaConfirmation,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {
    this.jobs = new JobQueue(QueueName.LeadIntake, queue);
  }

  async enqueue(payload: LeadReceivedPayload): Promise<void> {
    try {
      // Job id = lead id: BullMQ ignores a second add with the same id, which
      // makes retried requests (Idempotency-Key) harmless.
      const add = this.replicas.confirm(() => this.jobs.enqueue(JobName.LeadReceived, payload, { jobId: payload.id }));
      await withTimeout(add, this.config.REDIS_TIMEOUT_MS, 'redis enqueue');
    } catch (err) {
      throw new QueueUnavailableError(err);
    }
  }
}
