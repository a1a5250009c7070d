import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, StaffDirectory, releaseBootGarbage, trustProxySetting, workerEnv } from '@app/config';
import { createAdminAuthHook } from './admin/admin-auth.hook';
import { registerBoardAssets } from './admin/board/board-static.setup';
import { registerSecurityHeaders } from './admin/board/security-headers';
import { StaffGate } from './admin/auth/staff-gate.service';
import { WorkerSupervisor } from './queue/worker-supervisor.service';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(workerEnv);
  // Who the client is (login throttling, audit, Secure cookies) comes from
  // the socket unless TRUST_PROXY names the proxies in front of us.
  const adapter = new FastifyAdapter({ trustProxy: trustProxySetting(config.TRUST_PROXY) });
  // Registered before any route (Bull Board's included), so nothing under
  // /admin is reachable without credentials. The gate is Nest's (accounts
  // live in Postgres), looked up once the app exists: requests only come
  // after listen().
  const staff = new StaffDirectory(config);
  const gate: { current?: StaffGate } = {};
  adapter.getInstance().addHook(
    'onRequest',
    createAdminAuthHook(() => gate.current!, {
      metricsPublic: config.METRICS_PUBLIC,
      metricsToken: config.METRICS_TOKEN,
    }),
  );
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config, staff), adapter, {
    bufferLogs: true,
    // A setting checked while the modules start (e.g. BUSINESS_HOURS) is
    // reported below like the others instead of aborting the process.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // Helmet's headers and the board's static files, before the routes are added at init.
  await registerSecurityHeaders(app);
  await registerBoardAssets(app);
  gate.current = app.get(StaffGate);
  // SIGTERM/SIGINT: stop taking work, finish what is in flight, exit 0
  // (process.exit also lets pino flush).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Modules, migrations, staff seeding and schedules; then the consumers,
  // so the first job finds the app complete (and /health never sees them
  // stopped).
  await app.init();
  releaseBootGarbage();
  app.get(WorkerSupervisor).start();
  await app.listen(config.ADMIN_PORT, config.ADMIN_HOST);
  app.get(Logger).log(`worker admin listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
