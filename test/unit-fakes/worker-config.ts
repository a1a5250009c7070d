import { loadConfig, workerEnv, type WorkerConfig } from '@app/config';

/**
 * The worker's config as boot would build it: the real zod schema and its
 * defaults, plus the variables a spec sets (as strings, like an .env file),
 * so a spec never leans on a value the schema would refuse.
 */
export function workerConfig(env: Record<string, string> = {}): WorkerConfig {
  return loadConfig(workerEnv, env);
}
