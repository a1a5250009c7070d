import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  ChannelAlertPayload,
  channelAlertJobId,
  channelAlertLaterJobId,
  JobName,
  JobQueue,
  QueueName,
  REUSABLE_ID_RETENTION,
  robotDigestJobId,
} from '@app/contracts';

/** Typed producer for the chat and webhook queue: the only place its jobs are added. */
@Injectable()
export class ChannelProducer {
  private readonly jobs: JobQueue<QueueName.LeadChannels>;

  constructor(@InjectQueue(QueueName.LeadChannels) private readonly queue: Queue) {
    this.jobs = new JobQueue(QueueName.LeadChannels, queue);
  }

  /** One job per ledger row, in one round trip; a row whose job exists adds nothing. */
  async alert(rows: ChannelAlertPayload[]): Promise<void> {
    await this.jobs.enqueueMany(
      rows.map((data) => ({ name: JobName.ChannelAlert, data, opts: { jobId: channelAlertJobId(data.ledgerKey) } })),
    );
  }

  /** The row's alert again once a robot's budget frees (`delayMs` from now). */
  async alertLater(row: ChannelAlertPayload, atMs: number, delayMs: number): Promise<void> {
    await this.jobs.enqueue(JobName.ChannelAlert, row, {
      jobId: channelAlertLaterJobId(row.ledgerKey, atMs),
      delay: Math.max(0, delayMs),
      // Its id names a second; removed when done, so that second can be used again.
      ...REUSABLE_ID_RETENTION,
    });
  }

  /**
   * The robot's digest when its budget frees at `atMs` (Redis's clock),
   * `delayMs` from now: one job per robot and second, however many leads
   * were held back meanwhile.
   */
  async scheduleDigest(destinationId: string, atMs: number, delayMs: number): Promise<void> {
    await this.jobs.enqueue(
      JobName.RobotDigest,
      { destinationId },
      // Removed when done: a finished job would make a later digest with the same id a no-op.
      { jobId: robotDigestJobId(destinationId, atMs), delay: Math.max(0, delayMs), ...REUSABLE_ID_RETENTION },
    );
  }

  /**
   * Queues a row's alert again for the sweeper. A finished job with the same
   * id would make `add` a no-op, so it is retried or replaced instead.
   */
  async redrive(row: ChannelAlertPayload): Promise<'queued' | 'retried' | 'in-queue'> {
    const jobId = channelAlertJobId(row.ledgerKey);
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
    await this.jobs.enqueue(JobName.ChannelAlert, row, { jobId });
    return 'queued';
  }
}
