import 'reflect-metadata';
import { ConfigError, loadConfig, workerEnv } from '@app/config';
import { startAdmin } from './admin-app';
import { startConsumer } from './consumer-app';

/**
 * WORKER_ROLES picks the roots: the admin app (with the consumers inside
 * it when both roles run, the default: one process, one port), or the
 * consumers alone with only /health and /metrics on ADMIN_PORT.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig(workerEnv);
  const roles = new Set(config.WORKER_ROLES);
  if (roles.has('admin')) await startAdmin(config, { consumers: roles.has('consumer') });
  else await startConsumer(config);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
