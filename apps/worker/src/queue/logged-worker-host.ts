import { WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';

/**
 * Base for every processor: logs each job's start, end and duration with
 * its id, and rethrows failures untouched so BullMQ retries them.
 */
export abstract class LoggedWorkerHost<T = unknown, R = unknown> extends WorkerHost {
  protected abstract readonly logger: PinoLogger;

  protected abstract handle(job: Job<T>): Promise<R>;

  async process(job: Job<T>): Promise<R> {
    const started = performance.now();
    const ctx = { jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 };
    this.logger.debug(ctx, 'job started');
    try {
      const result = await this.handle(job);
      this.logger.info({ ...ctx, ms: Math.round(performance.now() - started), result }, 'job done');
      return result;
    } catch (err) {
      this.logger.warn(
        { ...ctx, ms: Math.round(performance.now() - started), err: err instanceof Error ? err.message : String(err) },
        'job failed',
      );
      throw err;
    }
  }
}

/** True when BullMQ will not retry this job after the current attempt. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
