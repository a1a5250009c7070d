import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { alertJobId, JobName, LeadAlertPayload, QueueName } from '@app/contracts';

/** Typed producer for the notify queue: the only place alert jobs are added. */
@Injectable()
export class NotifyProducer {
  constructor(@InjectQueue(QueueName.LeadNotify) private readonly queue: Queue<LeadAlertPayload>) {}

  /**
   * Queues (again) the new-lead alert of a lead. A finished job with the same
   * id would make `add` a no-op, so it is retried or replaced instead.
   */
  async redriveAlert(leadId: string): Promise<'queued' | 'retried' | 'in-queue'> {
    const jobId = alertJobId(leadId);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') {
        await existing.retry('failed');
        return 'retried';
      }
      if (state !== 'completed' && state !== 'unknown') return 'in-queue';
      await existing.remove();
    }
    await this.queue.add(JobName.LeadAlert, { leadId }, { jobId });
    return 'queued';
  }
}
