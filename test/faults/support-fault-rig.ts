import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { AppProcess } from '../support/apps';
import { queryOnce } from '../support/database';
import { ALERTS_ONLY, Deployment, LIMITS_OFF, TEST_TIMINGS, type Env } from '../support/deployment';
import { postJson } from '../support/http';
import { PostgresCluster } from '../support/postgres-cluster';
import { freePort } from '../support/ports';
import { RedisProcess } from '../support/redis-process';
import { SmtpSink } from '../support/smtp-sink';
import { validLead } from '../support/stack';
import { sleep } from '../support/wait';

/**
 * The fault rig: one whole deployment on PRIVATE infrastructure (its own
 * redis-server, its own Postgres cluster, an in-process SMTP sink), so a
 * scenario may SIGKILL Redis or stop Postgres without harming the shared
 * services other tests use. It also keeps the ledger of every POST, which is
 * what the invariant is checked against: the client's view of "accepted".
 */

/** Queues whose backlog must drain before duplicates are counted (not the sweeper's). */
const WORK_QUEUES = ['lead-intake', 'lead-notify'];

export interface PostOutcome {
  seq: number;
  /** HTTP status, or 'error' when no response came (connection refused/reset, timeout). */
  status: number | 'error';
  id?: string;
  retryAfter?: string | null;
  error?: string;
  /** Start time (epoch ms) and latency. */
  at: number;
  ms: number;
}

export class Ledger {
  readonly outcomes: PostOutcome[] = [];

  /** Unique ids the gateway answered 202 for: the leads we were promised. */
  get accepted(): string[] {
    return [...new Set(this.outcomes.filter((o) => o.status === 202 && o.id).map((o) => o.id!))];
  }

  count(status: number | 'error'): number {
    return this.outcomes.filter((o) => o.status === status).length;
  }

  /** e.g. {202: 280, 503: 19, error: 1}, for the summary line. */
  histogram(outcomes: PostOutcome[] = this.outcomes): Record<string, number> {
    const h: Record<string, number> = {};
    for (const o of outcomes) h[String(o.status)] = (h[String(o.status)] ?? 0) + 1;
    return h;
  }
}

export interface InvariantReport {
  accepted: number;
  /** Accepted ids with no leads row / no task / no alert at the sink. */
  missingLeads: string[];
  missingTasks: string[];
  missingAlerts: string[];
  /** Accepted ids with more than one task row (the unique key should make this impossible). */
  duplicateTasks: string[];
  /** Extra alert emails beyond one per lead, and the ids concerned. */
  duplicateAlerts: number;
  duplicateAlertIds: string[];
  /** Lead rows whose id never got a 202 (e.g. a 503 after Redis did take the job): not a broken promise. */
  unconfirmedLeads: number;
  /** notifications.status histogram over accepted ids. */
  notificationStates: Record<string, number>;
  /** Backlog of the work queues (waiting+active+delayed...), or -1 when Redis did not answer. */
  backlog: number;
  /** Set when the database could not be read. */
  error?: string;
}

export function lostIds(r: InvariantReport): string[] {
  return [...new Set([...r.missingLeads, ...r.missingTasks, ...r.missingAlerts])];
}

export function holds(r: InvariantReport): boolean {
  return !r.error && lostIds(r).length === 0 && r.duplicateTasks.length === 0;
}

export interface SettleResult {
  report: InvariantReport;
  /** ms from `since` to the first moment the invariant held; -1 if it never did. */
  recoverMs: number;
}

export interface RigOptions {
  workerEnv?: Env;
  gatewayEnv?: Env;
}

/** Rejects after `ms`, and clears its timer either way (a pending timer keeps jest from exiting). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export class FaultRig {
  readonly ledger = new Ledger();
  gateway!: AppProcess;
  worker!: AppProcess;
  private seq = 0;
  /** Set by stop(): ends every load() lane, even one whose scenario failed before its own stop condition. */
  private stopped = false;
  private queues = new Map<string, Queue>();
  private queueConnection?: IORedis;

  private readonly deployment: Deployment;

  private constructor(
    readonly redis: RedisProcess,
    readonly pg: PostgresCluster,
    readonly sink: SmtpSink,
    readonly gatewayPort: number,
    readonly adminPort: number,
    readonly mailDir: string,
    readonly prefix: string,
    options: RigOptions,
  ) {
    this.deployment = new Deployment({
      prefix,
      redisEnv: { REDIS_URL: redis.url },
      databaseUrl: pg.url,
      smtpUrl: sink.url,
      mailDir,
      env: {
        ...TEST_TIMINGS,
        // The private Redis runs noeviction as production must: exercise the refusal path's happy side.
        REDIS_REQUIRE_NOEVICTION: 'true',
        // A fault test posts hundreds of leads from one IP and counts alerts.
        ...LIMITS_OFF,
        ...ALERTS_ONLY,
      },
      gatewayEnv: options.gatewayEnv,
      workerEnv: options.workerEnv,
      stopTimeoutMs: 10000,
    });
  }

  /** Private Redis + Postgres + SMTP sink, then the worker (migrates) and the gateway. */
  static async start(options: RigOptions = {}): Promise<FaultRig> {
    const redis = await RedisProcess.standalone();
    let pg: PostgresCluster | undefined;
    let sink: SmtpSink | undefined;
    try {
      pg = await PostgresCluster.create();
      sink = await SmtpSink.create();
      const rig = new FaultRig(
        redis,
        pg,
        sink,
        await freePort(),
        await freePort(),
        mkdtempSync(join(tmpdir(), 'fault-mail-')),
        'faults',
        options,
      );
      try {
        await rig.startWorker();
        await rig.startGateway();
      } catch (err) {
        await rig.stop();
        throw err;
      }
      return rig;
    } catch (err) {
      if (!sink || !pg) {
        await sink?.stop();
        await pg?.destroy();
        await redis.stop();
      }
      throw err;
    }
  }

  get leadsUrl(): string {
    return `http://127.0.0.1:${this.gatewayPort}/api/leads`;
  }

  /** (Re)start the worker on the same admin port and database. */
  async startWorker(): Promise<AppProcess> {
    this.worker = await this.deployment.startWorker({ port: this.adminPort, name: 'worker', replace: this.worker });
    return this.worker;
  }

  /** (Re)start the gateway on the same port. */
  async startGateway(): Promise<AppProcess> {
    this.gateway = await this.deployment.startGateway({ port: this.gatewayPort, name: 'gateway', replace: this.gateway });
    return this.gateway;
  }

  /** One valid lead; never throws: every outcome lands in the ledger. */
  async post(timeoutMs = 10000): Promise<PostOutcome> {
    const seq = this.seq++;
    const at = Date.now();
    let outcome: PostOutcome;
    try {
      // consent: the gateway may require it (CONSENT_REQUIRED); a real form sends it.
      const lead = validLead({ requirement: `fault lead #${seq}`, consent: 'true' });
      const res = await postJson(this.leadsUrl, lead, { timeoutMs });
      let id: string | undefined;
      if (res.status === 202) id = res.json<{ id: string }>().id;
      outcome = { seq, status: res.status, id, retryAfter: res.headers.get('retry-after'), at, ms: Date.now() - at };
      // Keep the body of unexpected answers: a 400 or 500 in a fault test needs explaining.
      if (res.status !== 202 && res.status !== 503) outcome.error = res.text.slice(0, 300);
    } catch (err) {
      // fetch says only "fetch failed"; the cause tells refused (nobody listening) from reset (cut off).
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const error = e.cause?.code ?? e.cause?.message ?? e.message;
      outcome = { seq, status: 'error', error, at, ms: Date.now() - at };
    }
    this.ledger.outcomes.push(outcome);
    return outcome;
  }

  /**
   * Posts `count` leads with `concurrency` requests in flight (a burst), or,
   * with `until`, keeps posting until it returns true (steady load during a
   * fault). `gapMs` paces each lane so a burst lasts long enough to be hit.
   */
  async load(opts: {
    count?: number;
    until?: () => boolean;
    concurrency?: number;
    gapMs?: number;
    onOutcome?: (o: PostOutcome) => void;
  }): Promise<PostOutcome[]> {
    const results: PostOutcome[] = [];
    let issued = 0;
    const more = () => !this.stopped && (opts.count !== undefined ? issued < opts.count : true) && !(opts.until?.() ?? false);
    const lane = async () => {
      while (more()) {
        issued++;
        const o = await this.post();
        results.push(o);
        opts.onOutcome?.(o);
        if (opts.gapMs) await sleep(opts.gapMs);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 20 }, lane));
    return results;
  }

  /** A short-lived Postgres client: the cluster may have been restarted since the last one. */
  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryOnce<T>(this.pg.url, sql, params, 2000);
  }

  /** Jobs still to do in the work queues; -1 when Redis does not answer. */
  async backlog(): Promise<number> {
    try {
      if (!this.queueConnection) {
        this.queueConnection = new IORedis(this.redis.url, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
        // Expected while a scenario has Redis down; the caller sees -1.
        this.queueConnection.on('error', () => undefined);
      }
      let total = 0;
      for (const name of WORK_QUEUES) {
        let q = this.queues.get(name);
        if (!q) {
          q = new Queue(name, { connection: this.queueConnection, prefix: this.prefix });
          q.on('error', () => undefined);
          this.queues.set(name, q);
        }
        const counts = await withDeadline(q.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children'), 2000);
        total += Object.values(counts).reduce((a, b) => a + b, 0);
      }
      return total;
    } catch {
      return -1;
    }
  }

  /** The invariant, evaluated once against Postgres, the SMTP sink and the ledger. */
  async check(): Promise<InvariantReport> {
    const accepted = this.ledger.accepted;
    const acceptedSet = new Set(accepted);
    const report: InvariantReport = {
      accepted: accepted.length,
      missingLeads: [],
      missingTasks: [],
      missingAlerts: [],
      duplicateTasks: [],
      duplicateAlerts: 0,
      duplicateAlertIds: [],
      unconfirmedLeads: 0,
      notificationStates: {},
      backlog: await this.backlog(),
    };
    const alerts = this.sink.alertsByLead();
    for (const [id, n] of alerts) {
      if (n > 1) {
        report.duplicateAlerts += n - 1;
        report.duplicateAlertIds.push(id);
      }
    }
    try {
      const leads = await this.query<{ id: string }>('SELECT id::text AS id FROM leads');
      const tasks = await this.query<{ id: string; n: number }>(
        'SELECT lead_id::text AS id, count(*)::int AS n FROM follow_up_tasks GROUP BY lead_id',
      );
      const notes = await this.query<{ id: string; status: string }>(
        `SELECT lead_id::text AS id, status FROM notifications WHERE kind = 'new-lead'`,
      );
      const leadSet = new Set(leads.map((r) => r.id));
      const taskCount = new Map(tasks.map((r) => [r.id, r.n]));
      for (const id of accepted) {
        if (!leadSet.has(id)) report.missingLeads.push(id);
        const n = taskCount.get(id) ?? 0;
        if (n === 0) report.missingTasks.push(id);
        if (n > 1) report.duplicateTasks.push(id);
        if (!alerts.has(id)) report.missingAlerts.push(id);
      }
      report.unconfirmedLeads = leads.filter((r) => !acceptedSet.has(r.id)).length;
      for (const r of notes) {
        if (acceptedSet.has(r.id)) report.notificationStates[r.status] = (report.notificationStates[r.status] ?? 0) + 1;
      }
    } catch (err) {
      report.error = (err as Error).message;
      report.missingLeads = [...accepted];
      report.missingTasks = [...accepted];
      report.missingAlerts = accepted.filter((id) => !alerts.has(id));
    }
    return report;
  }

  /**
   * Polls until the invariant holds AND the work queues have drained, so late
   * duplicates (a re-run of a stalled job) are counted too; then looks once
   * more after a grace period. Never throws on timeout: the caller prints the
   * summary first and asserts afterwards, so a failure still reports numbers.
   */
  async settle(since: number, timeoutMs: number, graceMs = 1500): Promise<SettleResult> {
    const deadline = Date.now() + timeoutMs;
    let recoverMs = -1;
    let report = await this.check();
    while (Date.now() < deadline) {
      if (holds(report)) {
        if (recoverMs < 0) recoverMs = Date.now() - since;
        if (report.backlog === 0) break;
      }
      await sleep(250);
      report = await this.check();
    }
    if (holds(report)) {
      if (recoverMs < 0) recoverMs = Date.now() - since;
      await sleep(graceMs);
      report = await this.check();
    }
    return { report, recoverMs };
  }

  /** The one-line result the issue asks for, per scenario. */
  summarize(scenario: string, result: SettleResult, extra: Record<string, unknown> = {}): string {
    const r = result.report;
    const fields: Record<string, unknown> = {
      accepted: r.accepted,
      lost: lostIds(r).length,
      duplicateAlerts: r.duplicateAlerts,
      recoverMs: result.recoverMs,
      unconfirmedLeads: r.unconfirmedLeads,
      posts: JSON.stringify(this.ledger.histogram()),
      ...extra,
    };
    const odd = this.ledger.outcomes.find((o) => o.status !== 202 && o.status !== 503);
    if (odd) fields.firstOddAnswer = JSON.stringify({ status: odd.status, error: odd.error });
    const line =
      `[faults] ${scenario}: ` +
      Object.entries(fields)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    console.log(line);
    return line;
  }

  /** Everything needed to diagnose a failed invariant: ids, notification rows, app logs. */
  async diagnose(report: InvariantReport): Promise<string> {
    const lost = lostIds(report).slice(0, 10);
    const dup = report.duplicateAlertIds.slice(0, 10);
    const ids = [...lost, ...dup];
    let rows = '';
    if (ids.length > 0) {
      try {
        const notes = await this.query(
          `SELECT lead_id, status, attempts, last_error, updated_at FROM notifications WHERE lead_id = ANY($1::uuid[])`,
          [ids],
        );
        rows = JSON.stringify(notes, null, 1);
      } catch (err) {
        rows = `(notifications unreadable: ${(err as Error).message})`;
      }
    }
    const grep = (out: string) =>
      out
        .split('\n')
        .filter((l) => ids.some((id) => l.includes(id)) || /"level":(40|50|60)|error|Error/.test(l))
        .slice(-60)
        .join('\n');
    return [
      `report: ${JSON.stringify({ ...report, missingLeads: report.missingLeads.slice(0, 10), missingTasks: report.missingTasks.slice(0, 10), missingAlerts: report.missingAlerts.slice(0, 10) })}`,
      `notifications of lost/duplicated ids: ${rows}`,
      `--- worker log (relevant lines) ---\n${grep(this.worker?.output() ?? '')}`,
      `--- gateway log (relevant lines) ---\n${grep(this.gateway?.output() ?? '')}`,
    ].join('\n');
  }

  /** Stops everything, even after a half-finished scenario; never leaves a process behind. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.deployment.stop();
    for (const q of this.queues.values()) await q.close().catch(() => undefined);
    this.queueConnection?.disconnect();
    await this.sink.stop();
    await this.redis.stop();
    await this.pg.destroy();
    rmSync(this.mailDir, { recursive: true, force: true });
  }
}
