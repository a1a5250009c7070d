import { Queue } from 'bullmq';
import { LeadLoad } from '../support/lead-load';
import { PgBouncerProcess } from '../support/pgbouncer-process';
import { REDIS_URL } from '../support/redis';
import { HaDeployment, record } from './ha-deployment';

/**
 * Two workers whose DATABASE_URL is a PgBouncer in transaction pooling mode
 * (fewer server connections than the workers' pools ask for), migrating over
 * DATABASE_MIGRATION_URL (direct). Leads must go end to end: nothing in the
 * worker may rely on session state between transactions.
 */
jest.setTimeout(300000);

// Not skipped when PgBouncer is missing: a check that silently does not run
// proves nothing. .ci/run installs Debian's pgbouncer.
if (!PgBouncerProcess.available()) {
  throw new Error('pgbouncer is not installed (apt-get install pgbouncer, or set PGBOUNCER_BIN)');
}

describe('workers through PgBouncer (transaction pooling)', () => {
  let bouncer: PgBouncerProcess;
  let deployment: HaDeployment;

  beforeAll(async () => {
    bouncer = await PgBouncerProcess.start(4);
    deployment = await HaDeployment.start({
      gateways: 1,
      workers: 2,
      redisEnv: { REDIS_URL },
      pooledDatabaseUrl: (direct) => bouncer.urlFor(direct),
    });
  }, 180000);

  afterAll(async () => {
    await deployment?.stop();
    await bouncer?.stop();
  }, 60000);

  it('stores, assigns and alerts every lead, each migration applied once', async () => {
    const load = new LeadLoad({ urls: deployment.leadUrls, concurrency: 4, durationMs: 8000 });
    const summary = await load.run();
    const report = await deployment.settle([load], 60000);
    const stats = await bouncer.show('STATS');
    const through = stats.find((s) => s.database === deployment.db.name);
    record('pgbouncer-transaction-mode', {
      accepted: report.accepted,
      lost: report.lost.length,
      duplicates: report.duplicates,
      transactionsThroughBouncer: Number(through?.total_xact_count ?? 0),
    });
    if (report.lost.length > 0) console.log(`${deployment.logs()}\n--- pgbouncer ---\n${bouncer.logs().slice(-3000)}`);
    expect(summary.status).toEqual({ 202: summary.attempts });
    expect(report.lost).toEqual([]);
    expect(report.duplicates).toBe(0);
    expect(Number(through?.total_xact_count ?? 0)).toBeGreaterThan(report.accepted);
    const migrations = await deployment.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations GROUP BY name');
    expect(migrations.every((m) => m.n === 1)).toBe(true);
  });

  it('keeps one schedule per periodic job however many workers upsert it', async () => {
    const queue = new Queue('maintenance', { connection: { url: REDIS_URL }, prefix: deployment.prefix });
    try {
      const ids = (await queue.getJobSchedulers()).map((s) => s.key).sort();
      expect(ids).toEqual(['report-rollup', 'retention', 'sla-check', 'sweep', 'weekly-review']);
    } finally {
      await queue.close();
    }
  });
});
