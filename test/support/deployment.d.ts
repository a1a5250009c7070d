import type { AppProcess, Env } from './apps';

export type { Env };

/** Abuse limits off (rate limit, duplicate window, form timing, flood guard). */
export const LIMITS_OFF: Readonly<Env>;
/** Only lead alerts reach the sink: no autoresponse, no weekly review. */
export const ALERTS_ONLY: Readonly<Env>;
/** The short timings from SPEC.md. */
export const TEST_TIMINGS: Readonly<Env>;
export const ADMIN_USER: string;
export const ADMIN_PASSWORD: string;
export const MAIL_FROM: string;
export const MAIL_TO: string;

export type AppKind = 'gateway' | 'worker';

export interface DeploymentOptions {
  /** The deployment's QUEUE_PREFIX. */
  prefix: string;
  /** REDIS_URL, or REDIS_SENTINELS / REDIS_CLUSTER_NODES and friends. */
  redisEnv: Env;
  databaseUrl?: string;
  /** DATABASE_MIGRATION_URL: the direct connection when databaseUrl goes through PgBouncer. */
  migrationUrl?: string;
  /** Unset: mail goes to mailDir as .eml files. */
  smtpUrl?: string;
  mailDir?: string;
  adminPassword?: string;
  /** Env of both apps (timings, limits); the per-app env and a start's env override it. */
  env?: Env;
  gatewayEnv?: Env;
  workerEnv?: Env;
  /** Other entry points than the built apps (the bench's override). */
  entry?: Partial<Record<AppKind, string>>;
  nodeArgs?: (kind: AppKind) => string[];
  /** Also append each app's output to this file. */
  logFile?: (name: string) => string;
  /** How long stop() gives SIGTERM before SIGKILL (default 15 s). */
  stopTimeoutMs?: number;
}

export interface StartOptions {
  /** Default: a free one. */
  port?: number;
  /** Env on top of the deployment's; undefined removes a variable. */
  env?: Env;
  name?: string;
  entry?: string;
  /** The stopped process this one takes the place of (in gateways/workers). */
  replace?: AppProcess;
  /** Which /health status means "ready" (gateway; default 200). */
  ready?: (status: number) => boolean;
  timeoutMs?: number;
}

export class Deployment {
  constructor(options: DeploymentOptions);
  readonly options: DeploymentOptions;
  readonly prefix: string;
  /** Every gateway / worker started, in order (a replaced one gives its place to the new one). */
  readonly gateways: AppProcess[];
  readonly workers: AppProcess[];
  gatewayEnv(port: number, extra?: Env): Env;
  workerEnv(port: number, extra?: Env): Env;
  startGateway(start?: StartOptions): Promise<AppProcess>;
  startWorker(start?: StartOptions): Promise<AppProcess>;
  spawn(kind: AppKind, start: StartOptions & { port: number }): { app: AppProcess; ready: Promise<void> };
  /** The same deployment with some options replaced; its apps are its own to stop. */
  derive(overrides: Partial<DeploymentOptions>): Deployment;
  stop(): Promise<void>;
}
