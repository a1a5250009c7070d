import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { LeadIntakeProcessor } from '../intake/lead-intake.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { LeadNotifyProcessor } from '../notify/lead-notify.processor';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { workerConfig } from '../worker-config';

/**
 * Keeps the queue consumers alive and shuts them down first.
 *
 * BullMQ workers have been reported to stop consuming after Redis restarts;
 * the watchdog restarts any worker whose run loop ended while we did not ask
 * it to. On SIGTERM the workers are closed before anything else, so jobs in
 * flight finish while Postgres and SMTP are still there.
 */
@Injectable()
export class WorkerSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly intake: LeadIntakeProcessor,
    private readonly notify: LeadNotifyProcessor,
    private readonly maintenance: MaintenanceProcessor,
    private readonly metrics: WorkerMetrics,
    @InjectPinoLogger(WorkerSupervisor.name) private readonly logger: PinoLogger,
  ) {}

  get workers(): Worker[] {
    return [this.intake.worker, this.notify.worker, this.maintenance.worker];
  }

  onApplicationBootstrap(): void {
    for (const worker of this.workers) {
      // An unhandled 'error' event would crash the process; log it instead:
      // the worker itself reconnects and the watchdog restarts it if needed.
      worker.on('error', (err) => this.logger.error({ queue: worker.name, err: err.message }, 'worker error'));
      worker.on('completed', (job) => this.metrics.jobFinished(job, 'completed'));
      worker.on('failed', (job) => this.metrics.jobFinished(job, 'failed'));
    }
    this.timer = setInterval(() => this.check(), workerConfig().WORKER_WATCHDOG_SECONDS * 1000);
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
