import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  alertJobId,
  DeadLetterNoticePayload,
  deadLetterJobId,
  digestJobId,
  handoverJobId,
  HandoverPayload,
  JobName,
  JobQueue,
  LeadResendPayload,
  QueueName,
  resendJobId,
} from '@app/contracts';
import { removeOrScrub } from './job-scrubber';

/** Typed producer for the notify queue: the only place alert jobs are added. */
@Injectable()
export class NotifyProducer {
  private readonly jobs: JobQueue<QueueName.LeadNotify>;

  constructor(@InjectQueue(QueueName.LeadNotify) private readonly queue: Queue) {
    this.jobs = new JobQueue(QueueName.LeadNotify, queue);
  }

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
    await this.jobs.enqueue(JobName.LeadAlert, { leadId }, { jobId });
    return 'queued';
  }

  /**
   * Schedules the digest for the current minute of a flood: the job id is
   * the minute, so however many alerts are parked, one digest goes out.
   */
  async scheduleDigest(now = Date.now()): Promise<void> {
    const minute = Math.floor(now / 60_000);
    const delay = (minute + 1) * 60_000 - now;
    await this.jobs.enqueue(JobName.AlertDigest, {}, { jobId: digestJobId(minute), delay });
  }

  /** Queues a resend that staff asked for; its ledger row exists already. */
  async resend(payload: LeadResendPayload, resendId: string): Promise<void> {
    await this.jobs.enqueue(JobName.LeadResend, payload, { jobId: resendJobId(resendId) });
  }

  /** Queues a new owner's hand-over notice; its ledger rows exist already. */
  async handover(payload: HandoverPayload): Promise<void> {
    await this.jobs.enqueue(JobName.Handover, payload, { jobId: handoverJobId(payload.handoverId, payload.to) });
  }

  /** Queues the admins' email about a dead letter; its ledger row exists already. */
  async deadLetter(payload: DeadLetterNoticePayload): Promise<void> {
    await this.jobs.enqueue(JobName.DeadLetterNotice, payload, { jobId: deadLetterJobId(payload.deadLetterId) });
  }

  /** Removes a lead's notification jobs (which carry its data), for erasure. */
  async removeLeadJobs(leadId: string, resendIds: string[]): Promise<number> {
    const ids = [alertJobId(leadId), ...resendIds.map(resendJobId)];
    let removed = 0;
    for (const id of ids) {
      if ((await removeOrScrub(await this.queue.getJob(id))) !== 'absent') removed++;
    }
    return removed;
  }
}
