import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { releaseBootGarbage, settleBootHeap, trustProxySetting, WorkerConfig } from '@app/config';
import { ConsumerModule } from './consumer.module';
import { ConsumerProbesModule } from './consumer-probes.module';
import { metricsTokenHook } from './metrics/metrics-token.hook';
import { WorkerSupervisor } from './queue/worker-supervisor.service';

/**
 * Boots the consumer role alone (WORKER_ROLES=consumer): an application
 * context with the processors, their supervisor and the schedules, then a
 * small Fastify app on ADMIN_PORT that answers /health and /metrics from
 * that context and 404 to everything else (no board, no staff sign-in).
 */
export async function startConsumer(config: WorkerConfig): Promise<void> {
  // Modules, migrations, staff seeding and schedules are done when this returns.
  const consumer = await NestFactory.createApplicationContext(ConsumerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = consumer.get(Logger);
  consumer.useLogger(logger);
  // SIGTERM/SIGINT: the supervisor closes the consumers first (jobs in flight
  // finish), then the rest; the probes answer until the process exits.
  consumer.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

  const adapter = new FastifyAdapter({ trustProxy: trustProxySetting(config.TRUST_PROXY) });
  adapter.getInstance().addHook('onRequest', metricsTokenHook({ token: config.METRICS_TOKEN, isPublic: config.METRICS_PUBLIC }));
  const probes = await NestFactory.create<NestFastifyApplication>(ConsumerProbesModule.of(consumer), adapter, {
    logger: false,
  });
  probes.useLogger(logger);
  await probes.init();
  consumer.get(WorkerSupervisor).start();
  await probes.listen(config.ADMIN_PORT, config.ADMIN_HOST);
  logger.log(`worker (consumer) probes listening on ${await probes.getUrl()}`);
  // As in admin-app.ts: once everything is up, then the young generation back when idle.
  releaseBootGarbage();
  settleBootHeap();
}
