import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, StaffDirectory, workerEnv } from '@app/config';
import { createAdminAuthHook } from './admin/admin-auth.hook';
import { registerBoardAssets } from './admin/board/board-static.setup';
import { registerSecurityHeaders } from './admin/board/security-headers';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(workerEnv);
  const adapter = new FastifyAdapter();
  // Registered before any route (Bull Board's included), so nothing under
  // /admin is reachable without credentials.
  const staff = new StaffDirectory(config);
  adapter.getInstance().addHook('onRequest', createAdminAuthHook(staff, { metricsPublic: config.METRICS_PUBLIC }));
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
  // SIGTERM/SIGINT: stop taking work, finish what is in flight, exit 0
  // (process.exit also lets pino flush).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.ADMIN_PORT, config.ADMIN_HOST);
  app.get(Logger).log(`worker admin listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
