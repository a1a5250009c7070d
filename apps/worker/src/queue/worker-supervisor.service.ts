import { BullRegistrar, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Worker } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { QueueProcessor } from './queue-processor.decorator';
import { workerOptions } from './worker-options';

/**
 * Starts the queue consumers, keeps them alive and shuts them down first.
 *
 * At init it finds every `@QueueProcessor` class and registers it with
 * @nestjs/bullmq using the configured worker options (BullModule is set to
 * manual registration for this). BullMQ workers have been reported to stop
 * consuming after Redis restarts; the watchdog restarts any worker whose
 * run loop ended while we did not ask it to. On SIGTERM the workers are
 * closed before anything else, so jobs in flight finish while Postgres and
 * SMTP are still there.
 */
@Injectable()
export class WorkerSupervisor implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private workers: Worker[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

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
      Processor(queue, workerOptions(this.config, overrides))((host.instance as object).constructor);
    }
    this.registrar.register();
    this.workers = hosts.map((host) => (host.instance as WorkerHost).worker);
    for (const worker of this.workers) {
      // An unhandled 'error' event would crash the process; log it instead:
      // the worker itself reconnects and the watchdog restarts it if needed.
      worker.on('error', (err) => this.logger.error({ queue: worker.name, err: err.message }, 'worker error'));
      worker.on('completed', (job) => this.metrics.jobFinished(job, 'completed'));
      worker.on('failed', (job) => this.metrics.jobFinished(job, 'failed'));
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.check(), this.config.WORKER_WATCHDOG_SECONDS * 1000);
    this.timer.unref();
  }

  /** Names of queues whose consumer is not running (for /health). */
  stalledConsumers(): string[] {
    return this.workers.filter((w) => !w.isRunning()).map((w) => w.name);
  }

  private check(): void {
    if (this.stopping) return;
    for (const worker of this.workers) {
      if (worker.isRunning() || worker.closing) continue;
      this.logger.error({ queue: worker.name }, 'queue consumer stopped unexpectedly; restarting it');
      worker.run().catch((err: Error) => this.logger.error({ queue: worker.name, err: err.message }, 'consumer restart failed'));
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.logger.info({ signal }, 'stopping queue consumers; waiting for jobs in flight');
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
