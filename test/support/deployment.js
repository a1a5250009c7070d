'use strict';
/**
 * The one deployment rig: the gateway(s) and worker(s) of one deployment as
 * child processes, on the Redis, Postgres and SMTP the caller provides,
 * under the deployment's own QUEUE_PREFIX and database. The e2e stack
 * (stack.ts), the fault rig (faults/support-fault-rig.ts), the HA deployment
 * (ha/ha-deployment.ts) and the benchmark (bench/lib/*sides.js) all start
 * their apps through it; each adds only what its infrastructure needs
 * (private Redis and Postgres, Sentinel or Cluster, PgBouncer, log files).
 * Plain CommonJS, typed by deployment.d.ts, so the JavaScript bench shares it.
 */
const { GATEWAY_ENTRY, WORKER_ENTRY, spawnApp, startApp, stopQuietly, waitHealthy } = require('./apps');
const { freePort } = require('./ports');

/**
 * Abuse limits off: a test or benchmark posting many leads from one IP
 * measures the pipeline, not the rate limiter, duplicate window, form
 * timing check or flood guard.
 */
const LIMITS_OFF = Object.freeze({
  RATE_LIMIT_PER_MINUTE: '0',
  DUPLICATE_WINDOW_SECONDS: '0',
  MIN_FILL_SECONDS: '0',
  FLOOD_ALERTS_PER_MINUTE: '0',
});

/**
 * Only lead alerts reach the sink: no confirmation to the visitor, and no
 * weekly review (from Monday 09:00 Beijing time until the week ends a new
 * deployment owes last week's: one more email a count of alerts does not expect).
 */
const ALERTS_ONLY = Object.freeze({ AUTORESPONSE_ENABLED: 'false', WEEKLY_REVIEW: 'false' });

/** The short timings from SPEC.md, so retries, leases and sweeps happen within a test's patience. */
const TEST_TIMINGS = Object.freeze({
  WORKER_LOCK_DURATION_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  JOB_BACKOFF_MS: '200',
  JOB_BACKOFF_MAX_MS: '2000',
  ALERT_SEND_LEASE_SECONDS: '5',
  SWEEP_INTERVAL_SECONDS: '2',
  ALERT_STUCK_MINUTES: '1',
  SMTP_TIMEOUT_MS: '3000',
  LOG_LEVEL: 'warn',
});

const ADMIN_USER = 'admin';
const ADMIN_PASSWORD = 'e2e-Secret-Pa55';
const MAIL_FROM = 'Lead Intake <no-reply@youpower.com.cn>';
const MAIL_TO = 'sales@example.com';

class Deployment {
  constructor(options) {
    this.options = options;
    this.gateways = [];
    this.workers = [];
  }

  get prefix() {
    return this.options.prefix;
  }

  /** The gateway's environment on `port`: shared env, Redis, prefix, then the gateway's own and `extra`. */
  gatewayEnv(port, extra = {}) {
    const o = this.options;
    return {
      ...o.env,
      ...o.redisEnv,
      QUEUE_PREFIX: o.prefix,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      ...o.gatewayEnv,
      ...extra,
    };
  }

  /** The worker's environment with its admin port on `port`. */
  workerEnv(port, extra = {}) {
    const o = this.options;
    return {
      ...o.env,
      ...o.redisEnv,
      QUEUE_PREFIX: o.prefix,
      DATABASE_URL: o.databaseUrl,
      DATABASE_MIGRATION_URL: o.migrationUrl,
      SMTP_URL: o.smtpUrl,
      MAIL_DIR: o.mailDir,
      MAIL_TO,
      MAIL_FROM,
      ADMIN_HOST: '127.0.0.1',
      ADMIN_PORT: String(port),
      ADMIN_USER,
      ADMIN_PASSWORD: o.adminPassword ?? ADMIN_PASSWORD,
      ...o.workerEnv,
      ...extra,
    };
  }

  /** Starts a gateway (on `port`, e.g. the one a stopped gateway had) and waits for /health. */
  async startGateway(start = {}) {
    const port = start.port ?? (await freePort());
    const app = await startApp({
      ...this.spawnOptions('gateway', this.gateways, port, start),
      ready: start.ready,
      timeoutMs: start.timeoutMs,
    });
    return this.keep(this.gateways, app, start.replace);
  }

  /** Starts a worker (which creates and migrates the database if need be) and waits for /health. */
  async startWorker(start = {}) {
    const port = start.port ?? (await freePort());
    const app = await startApp({ ...this.spawnOptions('worker', this.workers, port, start), timeoutMs: start.timeoutMs });
    return this.keep(this.workers, app, start.replace);
  }

  /**
   * Spawns without waiting (the bench times a worker from its spawn): `ready`
   * settles when /health answers 200.
   */
  spawn(kind, start = {}) {
    const list = kind === 'gateway' ? this.gateways : this.workers;
    const app = spawnApp(this.spawnOptions(kind, list, start.port, start));
    app.url = `http://127.0.0.1:${start.port}`;
    this.keep(list, app, start.replace);
    return { app, ready: waitHealthy(app, `${app.url}/health`, { timeoutMs: start.timeoutMs }) };
  }

  /**
   * The same deployment (prefix, Redis, database, sink) with some options
   * replaced, e.g. a second gateway with other defences; its apps are its
   * own (this one's stop() does not stop them).
   */
  derive(overrides) {
    return new Deployment({ ...this.options, ...overrides });
  }

  /** Stops every app this deployment started; never throws, never leaves a process behind. */
  async stop() {
    const apps = [...this.gateways, ...this.workers];
    await Promise.all(apps.map((a) => stopQuietly(a, this.options.stopTimeoutMs)));
  }

  spawnOptions(kind, list, port, start) {
    const gateway = kind === 'gateway';
    const index = start.replace ? list.indexOf(start.replace) : list.length;
    const name = start.name ?? (list.length === 0 && !start.replace ? kind : `${kind}-${index + 1}`);
    return {
      name,
      entry: start.entry ?? this.options.entry?.[kind] ?? (gateway ? GATEWAY_ENTRY : WORKER_ENTRY),
      port,
      env: gateway ? this.gatewayEnv(port, start.env) : this.workerEnv(port, start.env),
      nodeArgs: this.options.nodeArgs?.(kind) ?? [],
      logFile: this.options.logFile?.(name),
    };
  }

  keep(list, app, replace) {
    const at = replace ? list.indexOf(replace) : -1;
    if (at >= 0) list[at] = app;
    else list.push(app);
    return app;
  }
}

module.exports = { Deployment, LIMITS_OFF, ALERTS_ONLY, TEST_TIMINGS, ADMIN_USER, ADMIN_PASSWORD, MAIL_FROM, MAIL_TO };
