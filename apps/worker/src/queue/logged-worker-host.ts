import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobNameOf, JobPayloads, QueueName } from '@app/contracts';

/**
 * One handler per job name a queue carries. The compiler checks that none
 * is missing and gives each its payload type; the payload still comes from
 * Redis, so handlers validate what they cannot trust.
 */
export type JobHandlers<Q extends QueueName> = {
  [N in JobNameOf<Q>]: (job: Job<JobPayloads[N], unknown, N>) => Promise<unknown>;
};

/**
 * Base for every processor: routes each job to its handler and logs its
 * start, end and duration with its id. Failures are rethrown untouched so
 * BullMQ retries them.
 */
export abstract class LoggedWorkerHost<Q extends QueueName> extends WorkerHost {
  protected abstract readonly logger: PinoLogger;
  protected abstract readonly handlers: JobHandlers<Q>;

  async process(job: Job): Promise<unknown> {
    const started = performance.now();
    // The start and end lines are debug and info: below that level (LOG_LEVEL=warn on a
    // busy deployment) their records are not even built, as a drain runs this per lead.
    const pino = this.logger.logger;
    if (pino.isLevelEnabled('debug')) this.logger.debug(jobContext(job), 'job started');
    try {
      const result = await this.handlerOf(job)(job);
      if (pino.isLevelEnabled('info')) {
        this.logger.info({ ...jobContext(job), ms: Math.round(performance.now() - started), result }, 'job done');
      }
      return result;
    } catch (err) {
      this.logger.warn(
        {
          ...jobContext(job),
          ms: Math.round(performance.now() - started),
          err: err instanceof Error ? err.message : String(err),
        },
        'job failed',
      );
      throw err;
    }
  }

  private handlerOf(job: Job): (job: Job) => Promise<unknown> {
    // A name from Redis is checked against the handler map's own keys only.
    if (!Object.hasOwn(this.handlers, job.name)) throw new UnrecoverableError(`unknown job ${job.name} on ${job.queueName}`);
    return this.handlers[job.name as JobNameOf<Q>] as (job: Job) => Promise<unknown>;
  }
}

/** What every line about a job carries. */
function jobContext(job: Job): { jobId: string | undefined; job: string; attempt: number } {
  return { jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 };
}

/** True when BullMQ will not retry this job after the current attempt. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
