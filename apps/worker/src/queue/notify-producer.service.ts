import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { removeOrScrub } from './job-scrubber';
import { alertJobId, digestJobId, JobName, LeadAlertPayload, LeadResendPayload, QueueName } from '@app/contracts';

/** Typed producer for the notify queue: the only place alert jobs are added. */
@Injectable()
export class NotifyProducer {
  constructor(@InjectQueue(QueueName.LeadNotify) private readonly queue: Queue) {}

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
    const data: LeadAlertPayload = { leadId };
    await this.queue.add(JobName.LeadAlert, data, { jobId });
    return 'queued';
  }

  /**
   * Schedules the digest for the current minute of a flood: the job id is
   * the minute, so however many alerts are parked, one digest goes out.
   */
  async scheduleDigest(now = Date.now()): Promise<void> {
    const minute = Math.floor(now / 60_000);
    const delay = (minute + 1) * 60_000 - now;
    await this.queue.add(JobName.AlertDigest, {}, { jobId: digestJobId(minute), delay });
  }

  /** Queues a resend that staff asked for; the ledger row exists already. */
  async resend(payload: LeadResendPayload): Promise<void> {
    await this.queue.add(JobName.LeadResend, payload, { jobId: `resend-${payload.ledgerKey.split(':').pop()}` });
  }

  /** Removes a lead's notification jobs (which carry its data), for erasure. */
  async removeLeadJobs(leadId: string, ledgerKeys: string[]): Promise<number> {
    const ids = [alertJobId(leadId), ...ledgerKeys.map((k) => `resend-${k.split(':').pop()}`)];
    let removed = 0;
    for (const id of ids) {
      if ((await removeOrScrub(await this.queue.getJob(id))) !== 'absent') removed++;
    }
    return removed;
  }
}
