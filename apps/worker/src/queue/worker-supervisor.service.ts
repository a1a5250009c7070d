import { BullRegistrar, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { ConsumerLiveness } from './consumer-liveness';
import { QueueProcessor } from './queue-processor.decorator';
import { workerOptions } from './worker-options';

interface Consumer {
  host: WorkerHost;
  worker: Worker;
  liveness: ConsumerLiveness;
}

/**
 * Starts the queue consumers, keeps them alive and shuts them down first.
 *
 * At init it finds every `@QueueProcessor` class and registers it with
 * @nestjs/bullmq using the configured worker options (BullModule is set to
 * manual registration for this); the consumer role's bootstrap starts them once the app is up
 * (`start()`), so no job runs before the staff accounts that assignment
 * picks from are seeded, nor alongside the rest of the boot. BullMQ workers have been reported to stop
 * consuming after Redis restarts and failovers; the watchdog restarts a
 * worker whose run loop ended, and replaces one whose blocking connection
 * ended or stayed down while Redis was back (see ConsumerLiveness). On
 * SIGTERM the workers are closed before anything else, so jobs in flight
 * finish while Postgres and SMTP are still there.
 */
@Injectable()
export class WorkerSupervisor implements OnModuleInit, BeforeApplicationShutdown {
  private consumers: Consumer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private checking = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registrar: BullRegistrar,
    private readonly metrics: WorkerMetrics,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(WorkerSupervisor.name) private readonly logger: PinoLogger,
  ) {}

  onModuleInit(): void {
    const hosts = this.discovery.getProviders({ metadataKey: QueueProcessor.spec.KEY });
    for (const host of hosts) {
      const { queue, overrides } = this.discovery.getMetadataByDecorator(QueueProcessor.spec, host)!;
      Processor(queue, { ...workerOptions(this.config, overrides), autorun: false })((host.instance as object).constructor);
    }
    this.registrar.register();
    const graceMs = 2 * this.config.WORKER_WATCHDOG_SECONDS * 1000;
    this.consumers = hosts.map((h) => {
      const host = h.instance as WorkerHost;
      return { host, worker: this.watched(host.worker), liveness: new ConsumerLiveness(graceMs) };
    });
  }

  /** Starts consuming, and the watchdog; called once the app has booted. */
  start(): void {
    if (this.stopping || this.timer) return;
    for (const { worker } of this.consumers) this.run(worker);
    this.timer = setInterval(() => void this.check(), this.config.WORKER_WATCHDOG_SECONDS * 1000);
    this.timer.unref();
  }

  private run(worker: Worker): void {
    worker.run().catch((err: Error) => this.logger.error({ queue: worker.name, err: err.message }, 'consumer run failed'));
  }

  /** Names of queues whose consumer is not running (for /health). */
  stalledConsumers(): string[] {
    return this.consumers.filter((c) => !c.worker.isRunning()).map((c) => c.worker.name);
  }

  private watched(worker: Worker): Worker {
    // An unhandled 'error' event would crash the process; log it instead:
    // the worker itself reconnects and the watchdog restarts it if needed.
    worker.on('error', (err) => this.logger.error({ queue: worker.name, err: err.message }, 'worker error'));
    worker.on('completed', (job) => this.metrics.jobFinished(job, 'completed'));
    worker.on('failed', (job) => this.metrics.jobFinished(job, 'failed'));
    return worker;
  }

  private async check(): Promise<void> {
    if (this.stopping || this.checking) return;
    this.checking = true;
    try {
      for (const consumer of this.consumers) {
        const fault = await consumer.liveness.check(consumer.worker);
        if (this.stopping || fault === null) continue;
        const queue = consumer.worker.name;
        if (fault === 'stopped') {
          this.logger.error({ queue }, 'queue consumer stopped unexpectedly; restarting it');
          this.run(consumer.worker);
        } else {
          this.logger.error({ queue, fault }, 'queue consumer went quiet; replacing it');
          await this.replace(consumer);
        }
      }
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'consumer watchdog check failed');
    } finally {
      this.checking = false;
    }
  }

  /**
   * A new BullMQ worker with the old one's options and processor. Its jobs
   * in flight lose their lock and run again elsewhere: the ledger keeps
   * their effects once.
   */
  private async replace(consumer: Consumer): Promise<void> {
    const old = consumer.worker;
    await old
      .close(true)
      .catch((err: Error) => this.logger.warn({ queue: old.name, err: err.message }, 'closing a quiet consumer failed'));
    const host = consumer.host;
    const fresh = new Worker(old.name, (job: Job, token?: string) => host.process(job, token), { ...old.opts, autorun: true });
    // WorkerHost exposes its worker read-only; the replacement takes its place.
    (host as unknown as { _worker: Worker })._worker = fresh;
    consumer.worker = this.watched(fresh);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.logger.info({ signal }, 'stopping queue consumers; waiting for jobs in flight');
    await Promise.all(this.consumers.map((c) => c.worker.close()));
  }
}
