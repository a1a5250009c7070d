import { CAPPED_EXPONENTIAL_BACKOFF } from '@app/contracts';
import { cappedExponentialDelay } from './worker-options';

// @app/config's index also exports the Nest module and providers, and
// @nestjs/* 12 is ESM-only, which jest (CommonJS, Node 20) cannot require.
// Only the pure loader and schemas are needed here, so serve just those;
// worker-config.ts itself still runs for real.
jest.mock('@app/config', () => ({
  ...jest.requireActual('@app/config/load-config'),
  ...jest.requireActual('@app/config/env'),
}));

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
  // workerOptions reads the worker config lazily from process.env, once per
  // module instance: load a fresh copy after setting the test tuning.
  function freshWorkerOptions(env: Record<string, string>) {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      let mod!: typeof import('./worker-options');
      jest.isolateModules(() => {
        mod = require('./worker-options');
      });
      return mod.workerOptions();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  it('uses the job backoff delay and the configured ceiling', () => {
    const opts = freshWorkerOptions({ JOB_BACKOFF_MS: '200', JOB_BACKOFF_MAX_MS: '2000', WORKER_CONCURRENCY: '3' });
    const strategy = opts.settings!.backoffStrategy!;
    const job = { opts: { backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: 300 } } };
    expect(opts.concurrency).toBe(3);
    expect(strategy(1, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(300);
    expect(strategy(3, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(1200);
    expect(strategy(10, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), job as never)).toBe(2000);
  });

  it('falls back to JOB_BACKOFF_MS when the job has no delay, and declines other backoff types', () => {
    const strategy = freshWorkerOptions({ JOB_BACKOFF_MS: '200', JOB_BACKOFF_MAX_MS: '2000' }).settings!.backoffStrategy!;
    expect(strategy(2, CAPPED_EXPONENTIAL_BACKOFF, new Error('x'), { opts: {} } as never)).toBe(400);
    expect(strategy(2, 'fixed', new Error('x'), { opts: {} } as never)).toBe(-1);
  });
});
