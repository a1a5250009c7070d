import { loadConfig, once, WorkerConfig, workerEnv } from '@app/config';

/** The worker's validated environment, loaded on first use. */
export const workerConfig: () => WorkerConfig = once(() => loadConfig(workerEnv));
