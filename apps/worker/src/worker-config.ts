import { ConfigError, loadConfig, once, WorkerConfig, workerEnv } from '@app/config';
import { BusinessHours, parseBusinessHours } from './sla/business-hours';

export interface ResolvedWorkerConfig extends WorkerConfig {
  businessHours: BusinessHours | null;
}

/** The worker's validated environment, loaded on first use. */
export const workerConfig: () => ResolvedWorkerConfig = once(() => {
  const config = loadConfig(workerEnv);
  try {
    return { ...config, businessHours: parseBusinessHours(config.BUSINESS_HOURS) };
  } catch (err) {
    throw new ConfigError([`BUSINESS_HOURS=${JSON.stringify(config.BUSINESS_HOURS)}: ${(err as Error).message}`]);
  }
});
