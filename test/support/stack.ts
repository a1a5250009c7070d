import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Client } from 'pg';
import type { AppProcess } from './apps';
import { connect, newDatabase } from './database';
import { ADMIN_PASSWORD, ADMIN_USER, ALERTS_ONLY, Deployment, LIMITS_OFF, TEST_TIMINGS, type Env } from './deployment';
import { basicAuth, postJson } from './http';
import { freePort } from './ports';
import { deletePrefix, newQueuePrefix, REDIS_URL } from './redis';
import { SmtpSink, type SinkMessage } from './smtp-sink';
import { waitFor } from './wait';

export { ADMIN_PASSWORD, ADMIN_USER, MAIL_FROM, TEST_TIMINGS } from './deployment';
export { waitFor };

// Worker features whose defaults would change what the older tests measure:
// leads stay unassigned until someone claims them (test/e2e/staff-accounts
// turns round robin on), and wrong passwords are not throttled (tests try
// many from 127.0.0.1; the throttle has its own test). Only alerts reach
// the sink. A test's workerEnv overrides these. The worker keeps its abuse
// limits (flood guard) at their defaults: the defence tests measure them.
const WORKER_DEFAULTS: Env = {
  ...ALERTS_ONLY,
  ASSIGNMENT: 'none',
  LOGIN_MAX_FAILURES: '0',
};

export interface StackOptions {
  /** Extra/overriding gateway env; a value of undefined removes the variable. */
  gatewayEnv?: Env;
  workerEnv?: Env;
  /** Worker env naming the gateway's address (PUBLIC_FORM_URL), known once its port is picked. */
  workerEnvFor?: (gatewayUrl: string) => Env;
  /** false: start no gateway / no worker. */
  gateway?: boolean;
  worker?: boolean;
  /** false: SMTP_URL is unset and mail goes to a temp MAIL_DIR. */
  smtp?: boolean;
  /** false: the worker must create the database itself. */
  createDatabase?: boolean;
  /** /health status that counts as a started gateway (default 200). */
  gatewayReady?: (status: number) => boolean;
}

export interface Stack {
  prefix: string;
  redisUrl: string;
  databaseUrl: string;
  /** Gateway base URL and its POST /api/leads URL. */
  gatewayUrl: string;
  leadsUrl: string;
  adminUrl: string;
  gateway: AppProcess;
  worker: AppProcess;
  sink: SmtpSink;
  mailDir: string;
  /** The rig running the apps: derive() it for a further gateway or worker with other settings. */
  deployment: Deployment;
  /** Connected to the stack's own database (only when a worker runs). */
  db: Client;
  adminAuth: Record<string, string>;
  /** A BullMQ queue handle under the stack's prefix (closed by stop()). */
  queue(name: string): Queue;
  /** Posts a valid JSON lead, expects 202 and waits for its alert email. */
  processLead(overrides?: Record<string, unknown>): Promise<{ id: string; email: SinkMessage }>;
  /** SELECT that polls until it returns at least one row. */
  waitForRows<T = any>(sql: string, params: unknown[], timeoutMs?: number): Promise<T[]>;
  /** Another worker process of the same deployment (same env plus `env`, its own admin port), stopped by stop(). */
  startExtraWorker(env?: Env): Promise<AppProcess>;
  stop(): Promise<void>;
}

let serial = 0;

// Safety net: stacks whose start outlived a beforeAll timeout are never
// assigned to the test's variable, so its afterAll cannot stop them. Jest
// loads this module once per test file; this hook then stops whatever that
// file left running (stop() is idempotent, a second call does nothing).
const starting = new Set<Promise<unknown>>();
const running = new Set<() => Promise<void>>();
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await Promise.allSettled([...starting]);
    const failures: unknown[] = [];
    for (const stop of [...running]) await stop().catch((err) => failures.push(err));
    if (failures.length > 0) throw failures[0];
  }, 90_000);
}

/** A valid lead whose name is unique in the run, so emails and rows can be told apart. */
export function validLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = `${Date.now().toString(36)}${(serial++).toString(36)}${randomBytes(2).toString('hex')}`;
  return {
    name: `张伟 ${tag}`,
    phone: '13812345678',
    email: `zhang.${tag}@example.com`,
    company: '上海某某科技有限公司',
    requirement: '需要 200 套储能设备的报价',
    // Ticked, so the lead is valid whether or not CONSENT_REQUIRED is on.
    consent: true,
    ...overrides,
  };
}

/**
 * Starts one isolated deployment: its own database, queue prefix, SMTP sink
 * and mail dir, then the worker (which migrates) and the gateway. stop()
 * undoes all of it, in reverse, even after a half-finished start.
 */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  const start = launch(options);
  starting.add(start);
  return start.finally(() => starting.delete(start));
}

async function launch(options: StackOptions): Promise<Stack> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    running.delete(stop);
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `stack cleanup failed: ${errors.map(String).join('; ')}`);
  };

  running.add(stop);
  try {
    const prefix = newQueuePrefix();
    const redisUrl = REDIS_URL;
    cleanups.push(() => deletePrefix(prefix, redisUrl));

    const mailDir = await mkdtemp(join(tmpdir(), 'lead-mail-'));
    cleanups.push(() => rm(mailDir, { recursive: true, force: true }));

    const sink = await SmtpSink.create();
    cleanups.push(() => sink.stop());

    const wantWorker = options.worker ?? true;
    const database = wantWorker ? await newDatabase({ create: options.createDatabase ?? true }) : null;
    if (database) cleanups.push(() => database.drop());

    const adminPort = await freePort();
    const gatewayPort = await freePort();
    const deployment = new Deployment({
      prefix,
      redisEnv: { REDIS_URL: redisUrl },
      databaseUrl: database?.url,
      smtpUrl: options.smtp === false ? undefined : sink.url,
      mailDir,
      env: TEST_TIMINGS,
      gatewayEnv: { ...LIMITS_OFF, ...options.gatewayEnv },
      workerEnv: { ...WORKER_DEFAULTS, ...options.workerEnv, ...options.workerEnvFor?.(`http://127.0.0.1:${gatewayPort}`) },
    });
    // Registered before either app starts: stop() also stops one that came
    // up while the other failed.
    cleanups.push(() => deployment.stop());
    // Both apps start at once: neither needs the other to come up, and
    // start-up (module loading) is most of a stack's cost.
    const [workerStart, gatewayStart] = await Promise.allSettled([
      wantWorker && database ? deployment.startWorker({ port: adminPort }) : Promise.resolve(notStarted('worker')),
      (options.gateway ?? true)
        ? deployment.startGateway({ port: gatewayPort, ready: options.gatewayReady })
        : Promise.resolve(notStarted('gateway')),
    ]);
    if (workerStart.status === 'rejected') throw workerStart.reason;
    if (gatewayStart.status === 'rejected') throw gatewayStart.reason;
    const worker = workerStart.value;
    const gateway = gatewayStart.value;

    let db: Client = notStarted('database') as unknown as Client;
    if (wantWorker && database) {
      // The worker is healthy, so its migrations have run: the tables exist.
      const client = await connect(database.url);
      cleanups.push(() => client.end());
      db = client;
    }

    const queues = new Map<string, Queue>();
    const queue = (name: string) => {
      let q = queues.get(name);
      if (!q) {
        const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
        q = new Queue(name, { connection, prefix });
        queues.set(name, q);
        const created = q;
        cleanups.push(async () => {
          await created.close();
          connection.disconnect();
        });
      }
      return q;
    };

    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const stack: Stack = {
      prefix,
      redisUrl,
      databaseUrl: database?.url ?? '',
      gatewayUrl,
      leadsUrl: `${gatewayUrl}/api/leads`,
      adminUrl: `http://127.0.0.1:${adminPort}`,
      gateway,
      worker,
      sink,
      mailDir,
      deployment,
      db,
      adminAuth: basicAuth(ADMIN_USER, ADMIN_PASSWORD),
      queue,
      async processLead(overrides = {}) {
        const res = await postJson(stack.leadsUrl, validLead(overrides));
        if (res.status !== 202) throw new Error(`expected 202 for a valid lead, got ${res.status}: ${res.text}`);
        const id: string = res.json().id;
        return { id, email: await sink.waitForLead(id) };
      },
      async waitForRows(sql, params, timeoutMs = 15000) {
        return waitFor(
          async () => {
            const { rows } = await stack.db.query(sql, params);
            return rows.length > 0 ? rows : null;
          },
          timeoutMs,
          `rows from: ${sql}`,
        );
      },
      async startExtraWorker(env = {}) {
        return deployment.startWorker({ name: 'worker-2', env });
      },
      stop,
    };
    return stack;
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** Stands in for a part the stack did not start; any use says so plainly. */
function notStarted(what: string): AppProcess {
  return new Proxy({} as AppProcess, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      throw new Error(`this stack has no ${what} (accessed .${String(prop)})`);
    },
  });
}
