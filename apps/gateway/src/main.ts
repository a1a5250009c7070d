import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ConfigError, gatewayEnv, loadConfig } from '@app/config';
import { GatewayModule } from './gateway.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(gatewayEnv);
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Only JSON and urlencoded forms (Nest registers both) are leads; Fastify's
  // text/plain parser would let anything else through to validation.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.enableShutdownHooks();
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  app.get(Logger).log(`gateway listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  // Configuration errors are the operator's to fix: say what, not a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
