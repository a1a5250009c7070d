import type { WorkerOptions } from 'bullmq';
import type { WorkerConfig } from '@app/config';
import { CAPPED_EXPONENTIAL_BACKOFF } from '@app/contracts';

/** Exponential backoff with a ceiling, so retries keep going for hours. */
export function cappedExponentialDelay(attemptsMade: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

export type WorkerTuning = Pick<
  WorkerConfig,
  | 'WORKER_CONCURRENCY'
  | 'WORKER_LOCK_DURATION_MS'
  | 'WORKER_STALLED_INTERVAL_MS'
  | 'WORKER_MAX_STALLED_COUNT'
  | 'JOB_BACKOFF_MS'
  | 'JOB_BACKOFF_MAX_MS'
>;

/** Consumer settings shared by every processor (a processor may override some, e.g. concurrency). */
export function workerOptions(c: WorkerTuning, overrides: Partial<WorkerOptions> = {}): Partial<WorkerOptions> {
  return {
    concurrency: c.WORKER_CONCURRENCY,
    lockDuration: c.WORKER_LOCK_DURATION_MS,
    stalledInterval: c.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: c.WORKER_MAX_STALLED_COUNT,
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string, _err?: Error, job?: { opts: { backoff?: unknown } }) => {
        const backoff = job?.opts.backoff as { delay?: number } | undefined;
        if (type !== CAPPED_EXPONENTIAL_BACKOFF) return -1;
        return cappedExponentialDelay(attemptsMade, backoff?.delay ?? c.JOB_BACKOFF_MS, c.JOB_BACKOFF_MAX_MS);
      },
    },
    ...overrides,
  };
}
