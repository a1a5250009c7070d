import { EventEmitter } from 'node:events';
import type { BullRegistrar } from '@nestjs/bullmq';
import type { DiscoveryService } from '@nestjs/core';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { WorkerSupervisor } from './worker-supervisor.service';

/** A BullMQ worker as the supervisor and the watchdog see it. */
class FakeWorker extends EventEmitter {
  running = false;
  closing: Promise<void> | undefined;
  runs = 0;
  closed = 0;
  readonly opts = {};

  constructor(readonly name: string) {
    super();
  }

  async run(): Promise<void> {
    this.runs++;
    this.running = true;
  }

  isRunning(): boolean {
    return this.running;
  }

  getBackend() {
    return { client: Promise.resolve({ status: 'ready' }), blockingClient: Promise.resolve({ status: 'ready' }) };
  }

  async close(): Promise<void> {
    this.closed++;
    this.running = false;
  }
}

describe('WorkerSupervisor', () => {
  let workers: FakeWorker[];
  let registered: number;
  let logger: ReturnType<typeof fakeLogger>;
  let supervisor: WorkerSupervisor;
  class IntakeProcessor {}
  class NotifyProcessor {}

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    workers = [new FakeWorker('lead-intake'), new FakeWorker('lead-notify')];
    registered = 0;
    logger = fakeLogger();
    const hosts = [
      { instance: Object.assign(new IntakeProcessor(), { worker: workers[0] }), queue: 'lead-intake' },
      { instance: Object.assign(new NotifyProcessor(), { worker: workers[1] }), queue: 'lead-notify' },
    ];
    const discovery = {
      getProviders: () => hosts,
      getMetadataByDecorator: (_spec: unknown, host: (typeof hosts)[number]) => ({
        queue: host.queue,
        overrides: host.queue === 'lead-notify' ? { concurrency: 3 } : {},
      }),
    };
    supervisor = new WorkerSupervisor(
      discovery as unknown as DiscoveryService,
      { register: () => void registered++ } as unknown as BullRegistrar,
      workerMetrics(),
      workerConfig({ WORKER_CONCURRENCY: '7', WORKER_WATCHDOG_SECONDS: '5' }),
      logger,
    );
    supervisor.onModuleInit();
  });

  afterEach(() => jest.useRealTimers());

  it('makes each marked class a processor with the configured options (and its own overrides), not started', () => {
    expect(registered).toBe(1);
    const intake = Reflect.getMetadata('bullmq:worker_metadata', IntakeProcessor);
    const notify = Reflect.getMetadata('bullmq:worker_metadata', NotifyProcessor);
    expect(intake).toMatchObject({ concurrency: 7, autorun: false });
    expect(notify).toMatchObject({ concurrency: 3, autorun: false });
    expect(workers.map((w) => w.runs)).toEqual([0, 0]);
    // Not started yet: /health says which consumers are not running.
    expect(supervisor.stalledConsumers()).toEqual(['lead-intake', 'lead-notify']);
  });

  it('starts every consumer once, and restarts one whose run loop ended', async () => {
    supervisor.start();
    supervisor.start();
    expect(workers.map((w) => w.runs)).toEqual([1, 1]);
    expect(supervisor.stalledConsumers()).toEqual([]);
    workers[1].running = false;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(workers[1].runs).toBe(2);
    expect(logger.error).toHaveBeenCalledWith({ queue: 'lead-notify' }, expect.stringContaining('restarting'));
  });

  it('logs worker errors instead of crashing the process', () => {
    workers[0].emit('error', new Error('READONLY'));
    expect(logger.error).toHaveBeenCalledWith({ queue: 'lead-intake', err: 'READONLY' }, 'worker error');
  });

  it('closes the consumers first on shutdown, and the watchdog restarts nothing after', async () => {
    supervisor.start();
    await supervisor.beforeApplicationShutdown('SIGTERM');
    expect(workers.map((w) => w.closed)).toEqual([1, 1]);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(workers.map((w) => w.runs)).toEqual([1, 1]);
    supervisor.start();
    expect(workers.map((w) => w.runs)).toEqual([1, 1]);
  });
});
