import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '@app/contracts';

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Prometheus metrics of the worker: deliveries by channel and kind, job
 * durations and queue depths (read at scrape time, so never stale). The
 * follow-up backlog is added by the leads module (TaskBacklogMetric).
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly sent = new Counter({
    name: 'alerts_sent_total',
    help: 'Notifications delivered, by channel and kind (new-lead, digest, resend, reminder, escalation, autoresponse).',
    labelNames: ['channel', 'kind'],
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: 'alerts_failed_total',
    help: 'Notification delivery attempts that failed, by channel, kind and reason (email: send-error).',
    labelNames: ['channel', 'kind', 'reason'],
    registers: [this.registry],
  });
  private readonly batched = new Counter({
    name: 'alerts_batched_total',
    help: "New-lead alerts a chat robot's rate budget (or the platform) held back for the robot's next digest, by channel.",
    labelNames: ['channel'],
    registers: [this.registry],
  });
  private readonly jobSeconds = new Histogram({
    name: 'job_duration_seconds',
    help: 'Time from a job starting to finishing, by queue, job name and outcome.',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(
    @InjectQueue(QueueName.LeadIntake) intake: Queue,
    @InjectQueue(QueueName.LeadNotify) notify: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    @InjectQueue(QueueName.LeadChannels) channels: Queue,
  ) {
    this.registry.setDefaultLabels({ app: 'worker' });
    collectDefaultMetrics({ register: this.registry });
    const queues = [intake, notify, maintenance, channels];
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...DEPTH_STATES);
          for (const state of DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
  }

  /** An email sent or not (the mail transport counts its own). */
  delivered(kind: string, ok: boolean): void {
    if (ok) this.sent.inc({ channel: 'email', kind });
    else this.failed.inc({ channel: 'email', kind, reason: 'send-error' });
  }

  /** A chat or webhook message delivered; a digest counts once, as `digest`. */
  alertSent(channel: string, kind: string): void {
    this.sent.inc({ channel, kind });
  }

  alertFailed(channel: string, kind: string, reason: string): void {
    this.failed.inc({ channel, kind, reason });
  }

  alertBatched(channel: string, count = 1): void {
    this.batched.inc({ channel }, count);
  }

  jobFinished(job: Job | undefined, outcome: 'completed' | 'failed'): void {
    if (!job?.processedOn || !job.finishedOn) return;
    this.jobSeconds.observe({ queue: job.queueName, job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
  }
}
