import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { releaseBootGarbage, settleBootHeap, trustProxySetting, WorkerConfig } from '@app/config';
import { AdminAppModule } from './admin-app.module';
import { registerBoardAssets } from './admin/board/board-static.setup';
import { registerSecurityHeaders } from './admin/board/security-headers';
import { WorkerSupervisor } from './queue/worker-supervisor.service';

/**
 * Boots the admin role (WORKER_ROLES=admin), or both roles in one app
 * (`consumers`): the Fastify app on ADMIN_PORT. The authentication hook is
 * put in place by AdminModule itself while the modules are built.
 */
export async function startAdmin(config: WorkerConfig, options: { consumers: boolean }): Promise<void> {
  // Who the client is (login throttling, audit, Secure cookies) comes from
  // the socket unless TRUST_PROXY names the proxies in front of us.
  const adapter = new FastifyAdapter({ trustProxy: trustProxySetting(config.TRUST_PROXY) });
  const app = await NestFactory.create<NestFastifyApplication>(AdminAppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    // A setting checked while the modules start (e.g. BUSINESS_HOURS) is
    // reported by main.ts like the others instead of aborting the process.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // Helmet's headers and the board's static files, before the routes are added at init.
  await registerSecurityHeaders(app);
  await registerBoardAssets(app);
  // SIGTERM/SIGINT: stop taking work, finish what is in flight, exit 0
  // (process.exit also lets pino flush).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Modules, migrations, staff seeding and schedules; then the consumers,
  // so the first job finds the app complete (and /health never sees them
  // stopped).
  await app.init();
  if (options.consumers) app.get(WorkerSupervisor).start();
  await app.listen(config.ADMIN_PORT, config.ADMIN_HOST);
  app.get(Logger).log(`worker (${config.WORKER_ROLES.join(', ')}) listening on ${await app.getUrl()}`);
  // Last, once the consumers and the port are up too (their start-up allocations kept V8's
  // memory reducer waiting); then the boot's young generation back as soon as the app is idle.
  releaseBootGarbage();
  settleBootHeap();
}
