import { Logger } from 'nestjs-pino';
import { ConfigError, gatewayEnv, loadConfig, releaseBootGarbage } from '@app/config';
import { createGatewayApp } from './gateway-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(gatewayEnv);
  const app = await createGatewayApp(config);
  // SIGTERM/SIGINT: stop taking work, finish what is in flight, exit 0
  // (process.exit also lets pino flush).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Before listening, so no request waits on the collection's pause.
  releaseBootGarbage();
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  app.get(Logger).log(`gateway listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  // Configuration errors are the operator's to fix: say what, not a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
