import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, JobQueue, LeadReceivedPayload, QueueName } from '@app/contracts';

/**
 * The worker's producer for the intake queue, whose jobs the gateway adds:
 * used only to run a repaired dead letter through intake again.
 */
@Injectable()
export class IntakeProducer {
  private readonly jobs: JobQueue<QueueName.LeadIntake>;

  constructor(@InjectQueue(QueueName.LeadIntake) private readonly queue: Queue) {
    this.jobs = new JobQueue(QueueName.LeadIntake, queue);
  }

  /**
   * Runs `jobId` again with `payload`: the failed job is given the new data
   * and retried; a job that is gone is added anew under the same id; a job
   * already waiting or running is left alone (a second click adds nothing).
   */
  async replay(jobId: string, payload: LeadReceivedPayload): Promise<'retried' | 'queued' | 'in-queue'> {
    const job = await this.queue.getJob(jobId);
    if (job) {
      const state = await job.getState();
      if (state === 'failed') {
        await job.updateData(payload);
        await job.retry('failed');
        return 'retried';
      }
      if (state !== 'completed' && state !== 'unknown') return 'in-queue';
      await job.remove();
    }
    await this.jobs.enqueue(JobName.LeadReceived, payload, { jobId });
    return 'queued';
  }
}
