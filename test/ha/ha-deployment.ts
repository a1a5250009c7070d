import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppProcess } from '../support/apps';
import { newDatabase, queryOnce, type TestDatabase } from '../support/database';
import { ALERTS_ONLY, Deployment, LIMITS_OFF, type Env } from '../support/deployment';
import type { LeadLoad } from '../support/lead-load';
import { deletePrefix } from '../support/redis';
import { SmtpSink } from '../support/smtp-sink';
import { sleep } from '../support/wait';

/**
 * N gateways and M workers as child processes on one Redis topology (the
 * env given: REDIS_SENTINELS or REDIS_CLUSTER_NODES), one Postgres database
 * and one SMTP sink: what a company runs on several machines, on one.
 *
 * The workers start together against a database that does not exist yet, so
 * every start also proves "created once, migrated once, under the lock".
 * Worker timings are production's (lock, stalled check, lease), except the
 * sweeper's pace: the failover cases measure the queues, not the sweeper.
 */
export interface DeploymentOptions {
  redisEnv: Env;
  gateways?: number;
  workers?: number;
  gatewayEnv?: Env;
  workerEnv?: Env;
  /** The workers' DATABASE_URL made from the direct one (e.g. through PgBouncer); the direct one is then DATABASE_MIGRATION_URL. */
  pooledDatabaseUrl?: (direct: string) => string;
}

export interface DeliveryReport {
  accepted: number;
  /** 202 ids with no lead row, no task or no alert email. */
  lost: string[];
  /** Alert emails beyond one per accepted lead. */
  duplicates: number;
}

export class HaDeployment {
  private readonly deployment: Deployment;

  private constructor(
    readonly db: TestDatabase,
    readonly sink: SmtpSink,
    readonly mailDir: string,
    readonly prefix: string,
    private readonly options: DeploymentOptions,
  ) {
    const pooled = options.pooledDatabaseUrl?.(db.url);
    this.deployment = new Deployment({
      prefix,
      redisEnv: options.redisEnv,
      databaseUrl: pooled ?? db.url,
      migrationUrl: pooled ? db.url : undefined,
      smtpUrl: sink.url,
      mailDir,
      env: { ...LIMITS_OFF, ...ALERTS_ONLY, LOG_LEVEL: 'warn' },
      gatewayEnv: options.gatewayEnv,
      workerEnv: {
        METRICS_PUBLIC: 'true',
        JOB_BACKOFF_MS: '500',
        JOB_BACKOFF_MAX_MS: '5000',
        SWEEP_INTERVAL_SECONDS: '5',
        ALERT_STUCK_MINUTES: '1',
        WORKER_WATCHDOG_SECONDS: '5',
        ...options.workerEnv,
      },
    });
  }

  static async start(options: DeploymentOptions): Promise<HaDeployment> {
    const db = await newDatabase({ create: false });
    const sink = await SmtpSink.create();
    const prefix = `ha${Date.now().toString(36)}`;
    const d = new HaDeployment(db, sink, mkdtempSync(join(tmpdir(), 'ha-mail-')), prefix, options);
    try {
      await Promise.all(Array.from({ length: options.workers ?? 2 }, () => d.startWorker()));
      await Promise.all(Array.from({ length: options.gateways ?? 2 }, () => d.startGateway()));
    } catch (err) {
      await d.stop();
      throw err;
    }
    return d;
  }

  get gateways(): AppProcess[] {
    return this.deployment.gateways;
  }

  get workers(): AppProcess[] {
    return this.deployment.workers;
  }

  get leadUrls(): string[] {
    return this.gateways.map((g) => `${g.url}/api/leads`);
  }

  startGateway(): Promise<AppProcess> {
    return this.deployment.startGateway({ name: `gateway-${this.gateways.length + 1}` });
  }

  startWorker(): Promise<AppProcess> {
    return this.deployment.startWorker({ name: `worker-${this.workers.length + 1}`, timeoutMs: 60000 });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryOnce<T>(this.db.url, sql, params, 3000);
  }

  /** Lead-intake jobs each worker finished (its /metrics), or -1 when it does not answer. */
  async intakeJobsDone(): Promise<number[]> {
    return Promise.all(
      this.workers.map(async (w) => {
        try {
          const res = await fetch(`${w.url}/metrics`, { signal: AbortSignal.timeout(2000) });
          const text = await res.text();
          let n = 0;
          for (const m of text.matchAll(/^job_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
            if (m[1].includes('queue="lead-intake"')) n += Number(m[2]);
          }
          return n;
        } catch {
          return -1;
        }
      }),
    );
  }

  /**
   * Waits until every worker has finished a lead-intake job after `since`
   * (the load must still be running) and returns, per worker, the seconds
   * from `since` until it did; Infinity for one that never did in time.
   */
  async workersResumed(since: number, timeoutMs: number): Promise<number[]> {
    const base = await this.intakeJobsDone();
    const resumed: number[] = base.map(() => Infinity);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && resumed.some((r) => r === Infinity)) {
      const now = await this.intakeJobsDone();
      now.forEach((n, i) => {
        if (resumed[i] === Infinity && n > Math.max(base[i], 0)) resumed[i] = (Date.now() - since) / 1000;
      });
      await sleep(250);
    }
    return resumed;
  }

  /** Every 202 of `loads` checked against Postgres and the sink. */
  async report(loads: LeadLoad[]): Promise<DeliveryReport> {
    const ids = [...new Set(loads.flatMap((l) => l.accepted.map((a) => a.id!)))];
    const rows = await this.query<{ id: string; tasks: number }>(
      `SELECT l.id::text AS id, (SELECT count(*)::int FROM follow_up_tasks t WHERE t.lead_id = l.id) AS tasks
         FROM leads l WHERE l.id = ANY($1::uuid[])`,
      [ids],
    );
    const stored = new Map(rows.map((r) => [r.id, r.tasks]));
    const alerts = this.sink.alertsByLead();
    const lost = ids.filter((id) => !stored.get(id) || !alerts.has(id));
    const duplicates = ids.reduce((n, id) => n + Math.max(0, (alerts.get(id) ?? 0) - 1), 0);
    return { accepted: ids.length, lost, duplicates };
  }

  /**
   * What became of each of `ids` (at most 10): a lead row? a task? the
   * new-lead alert row's status and attempts? an email in the sink? When
   * the accepted time is given, how long before the fault it was accepted.
   */
  async explain(ids: string[]): Promise<string> {
    const some = ids.slice(0, 10);
    const rows = await this.query<{ id: string; stored: boolean; tasks: number; ledger: string | null }>(
      `SELECT x.id::text AS id, l.id IS NOT NULL AS stored,
              (SELECT count(*)::int FROM follow_up_tasks t WHERE t.lead_id = x.id) AS tasks,
              (SELECT string_agg(n.channel || ':' || n.status || '/' || n.attempts, ',') FROM notifications n
                WHERE n.lead_id = x.id AND n.kind = 'new-lead') AS ledger
         FROM unnest($1::uuid[]) AS x(id) LEFT JOIN leads l ON l.id = x.id`,
      [some],
    );
    const mailed = new Set(this.sink.messages.map((m) => m.header('x-lead-id')));
    return rows
      .map((r) => `${r.id}: row=${r.stored} tasks=${r.tasks} ledger=${r.ledger ?? '-'} email=${mailed.has(r.id)}`)
      .join('\n');
  }

  /** Polls report() until nothing is lost (or the time is up), then looks once more for late duplicates. */
  async settle(loads: LeadLoad[], timeoutMs: number): Promise<DeliveryReport> {
    const deadline = Date.now() + timeoutMs;
    let r = await this.report(loads);
    while (r.lost.length > 0 && Date.now() < deadline) {
      await sleep(500);
      r = await this.report(loads);
    }
    await sleep(1500);
    return this.report(loads);
  }

  /** Why the gateways answered 503, counted by reason (numbers blanked), from their logs; less what `since` counted. */
  refusals(since: Record<string, number> = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const g of this.gateways) {
      for (const m of g.output().matchAll(/"err":"lead queue unavailable: ([^"]*)","msg":"lead not accepted/g)) {
        const reason = m[1].replace(/\d+(\.\d+)?/g, 'N').replace(/N:N/g, 'host:port');
        counts[reason] = (counts[reason] ?? 0) + 1;
      }
    }
    for (const [reason, n] of Object.entries(since)) {
      counts[reason] -= n;
      if (counts[reason] <= 0) delete counts[reason];
    }
    return counts;
  }

  /** The app logs' warnings and errors, to explain a failed case. */
  logs(lines = 40): string {
    return [...this.gateways, ...this.workers]
      .map(
        (a) =>
          `--- ${a.name}${a.child.exitCode !== null || a.child.signalCode ? ` (exited: ${a.child.exitCode ?? a.child.signalCode})` : ''} ---\n` +
          a
            .output()
            .split('\n')
            .filter((l) => !l.startsWith('{') || /"level":(40|50|60)|rror/.test(l))
            .slice(-lines)
            .join('\n'),
      )
      .join('\n');
  }

  async stop(): Promise<void> {
    await this.deployment.stop();
    await this.sink.stop();
    await this.db.drop().catch(() => undefined);
    // On the shared Redis the run's keys outlive its processes (a Sentinel or Cluster topology goes with its own).
    const shared = this.options.redisEnv.REDIS_URL;
    if (shared) await deletePrefix(this.prefix, shared).catch(() => undefined);
    rmSync(this.mailDir, { recursive: true, force: true });
  }
}

/**
 * Seconds from `at` until a gateway accepted for good: the start of the
 * first 202 after its last refused or failed attempt (0 when it never
 * stopped accepting after `at`).
 */
export function secondsToAcceptAgain(load: LeadLoad, url: string, at: number): number {
  const attempts = load.attempts.filter((a) => a.url === url).sort((a, b) => a.at - b.at);
  const lastBad = attempts.filter((a) => a.status !== 202).pop();
  if (!lastBad || lastBad.at + lastBad.ms < at) return 0;
  const back = attempts.find((a) => a.status === 202 && a.at > lastBad.at);
  return back ? Math.max(0, (back.at - at) / 1000) : Infinity;
}

/** One row of the closing note's table, printed for the report. */
export function record(fault: string, row: Record<string, unknown>): void {
  console.log(
    `[ha] ${fault}: ${Object.entries(row)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`)
      .join(' ')}`,
  );
}
