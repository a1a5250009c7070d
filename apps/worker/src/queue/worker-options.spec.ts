import { loadConfig } from '@app/config/load-config';
import { workerEnv } from '@app/config/env';
import { CAPPED_EXPONENTIAL_BACKOFF } from '@app/contracts';
import { cappedExponentialDelay, workerOptions } from './worker-options';

describe('cappedExponentialDelay', () => {
  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((n) => cappedExponentialDelay(n, 200, 2000))).toEqual([200, 400, 800, 1600]);
  });

  it('stops at the ceiling', () => {
    expect(cappedExponentialDelay(5, 200, 2000)).toBe(2000);
    expect(cappedExponentialDelay(20, 200, 2000)).toBe(2000);
  });

  it('treats attempt 0 (or less) like the first retry', () => {
    expect(cappedExponentialDelay(0, 200, 2000)).toBe(200);
    expect(cappedExponentialDelay(-3, 200, 2000)).toBe(200);
  });

  it('stays a finite number for huge attempt counts', () => {
    const delay = cappedExponentialDelay(10_000, 10_000, 1_800_000);
    expect(Number.isFinite(delay)).toBe(true);
    expect(delay).toBe(1_800_000);
  });

  it('keeps retrying for hours with the defaults (SMTP outage promise)', () => {
    // INTAKE/ALERT_ATTEMPTS=20: 19 waits between 20 attempts.
    let total = 0;
    for (let attempt = 1; attempt < 20; attempt++) total += cappedExponentialDelay(attempt, 10_000, 1_800_000);
    expect(total / 3_600_000).toBeGreaterThan(5);
  });
});

describe('workerOptions backoffStrategy', () => {
  // The options are built from the validated config, as WorkerSupervisor does at boot.
  function optionsFromEnv(env: Record<string, string>) {
    return workerOptions(loadConfig(workerEnv, env));
  }

  it('uses the job backoff delay and the configured ceiling', () => {
    const opts = optionsFromEnv({ JOB_BACKOFF_MS: '200', JOB_BACKOFF_MAX_MS: '2000', WORKER_CONCURRENCY: '3' });
    const strategy = opts.settings!.backoffStrategy!;
    const job = { opts: { backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: 300 } } };
    expect(opts.concurrency).toBe(3);
    expect(strategy(1, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(300);
    expect(strategy(3, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(1200);
    expect(strategy(10, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(2000);
  });

  it('falls back to JOB_BACKOFF_MS when the job has no delay, and declines other backoff types', () => {
    const strategy = optionsFromEnv({ JOB_BACKOFF_MS: '200', JOB_BACKOFF_MAX_MS: '2000' }).settings!.backoffStrategy!;
    expect(strategy(2, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), { opts: {} } as never)).toBe(400);
    expect(strategy(2, 'fixed', new Error('x'), { opts: {} } as never)).toBe(-1);
  });
});
