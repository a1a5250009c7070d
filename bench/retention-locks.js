#!/usr/bin/env node
'use strict';
/**
 * `node bench/retention-locks.js --database-url URL [--expired 100000]`: the
 * retention purge (LEAD_RETENTION_DAYS) of --expired leads at least, while
 * leads keep arriving, on a seeded database (`npm run seed:demo -- --leads
 * N --database-url URL`; the purge erases for real: each run takes the next
 * oldest leads still holding data).
 *
 * Picks LEAD_RETENTION_DAYS so that at least --expired leads are past the
 * horizon; starts the built gateway and worker (the start scripts' node
 * flags, the benchmark's settings: defences off, every lead its own alert to
 * an in-process SMTP sink) with the maintenance queue paused, so the purge
 * the worker schedules at boot waits; posts --rate leads/s throughout; then
 *  1. `before`: --baseline-seconds of intake alone;
 *  2. `staff erasure`: DELETE /admin/leads/:id of a lead of the big contact
 *     and of an ordinary one, each timed (lib/staff-erasure.js);
 *  3. `purge`: resumes the queue; from the retention job's start to its end
 *     (or --max-seconds);
 *  4. `after`: --after-seconds more (the reports' rollup rebuilds the days
 *     the purge touched).
 * All along, every --interval-ms, a connection of its own records each
 * backend holding a lock on `leads` and how long its transaction has been
 * open, and every lock such a backend waits for (lib/lead-locks.js); Postgres
 * logs lock waits past 100 ms meanwhile (lib/pg-lock-log.js: log_lock_waits,
 * deadlock_timeout, put back afterwards, so the user must be a superuser;
 * read from --pg-log). Prints the
 * tables and writes them into bench/RESULTS.md's `retention` section
 * (--no-write: print only). Nothing is built: run `npm run build`.
 *
 * Env: REDIS_URL (redis://127.0.0.1:6379).
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { setTimeout: sleep } = require('node:timers/promises');
const { Queue } = require('bullmq');
const IORedis = require('ioredis');
const { ALERTS_ONLY, LIMITS_OFF } = require('../test/support/deployment');
const { freePort } = require('../test/support/ports');
const { deleteKeys } = require('../test/support/redis');
const { machine, pgQuery } = require('./lib/environment');
const { lockWaitsSince, logLockWaits, logOffset } = require('./lib/pg-lock-log');
const { killAll } = require('./lib/processes');
const { sampleLeadLocks, summarizeLocks } = require('./lib/lead-locks');
const { retentionMarkdown } = require('./lib/retention-report');
const { withSection } = require('./lib/results-section');
const { erasureTargets, expiredCount, retentionDays } = require('./lib/retention-data');
const { productDeployment } = require('./lib/sides');
const { startSink } = require('./lib/smtp-sink');
const { timedStaffErasure } = require('./lib/staff-erasure');
const { intakeByPhase, steadyIntake } = require('./lib/steady-intake');

// QueueName.Maintenance and JobName.Retention (libs/contracts/src/queues.ts).
const MAINTENANCE_QUEUE = 'maintenance';
const RETENTION_JOB = 'maintenance.retention';

const log = (msg) => process.stderr.write(`[bench:retention] ${msg}\n`);

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    expired: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '30' },
    'after-seconds': { type: 'string', default: '20' },
    'max-seconds': { type: 'string', default: '900' },
    'interval-ms': { type: 'string', default: '20' },
    'pg-log': { type: 'string', default: '/var/log/postgresql/postgresql-15-main.log' },
    'no-write': { type: 'boolean', default: false },
  },
});
const databaseUrl = values['database-url'];
if (!databaseUrl) throw new Error('--database-url is required');
const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

async function main() {
  const expired = Number(values.expired);
  const started = new Date();
  const load = os.loadavg()[0];
  const days = await retentionDays(databaseUrl, expired);
  const due = await expiredCount(databaseUrl, days);
  log(`LEAD_RETENTION_DAYS=${days}: ${due} leads past the horizon`);
  const targets = await erasureTargets(databaseUrl);
  const {
    rows: [{ leads }],
  } = await pgQuery(databaseUrl, 'SELECT count(*)::int AS leads FROM leads');

  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-retention-${randomBytes(4).toString('hex')}`;
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const maintenance = new Queue(MAINTENANCE_QUEUE, { connection: redis, prefix });
  // Paused before the worker starts: the purge its scheduler queues at boot waits for step 3.
  await maintenance.pause();
  const sink = await startSink('retention');
  const [adminPort, gatewayPort] = [await freePort(), await freePort()];
  const password = randomBytes(12).toString('hex');
  const mailDir = path.join(os.tmpdir(), `bench-retention-mail-${adminPort}`);
  const deployment = productDeployment(
    {
      prefix,
      gateway: { LOG_LEVEL: 'warn', ...LIMITS_OFF },
      worker: { LOG_LEVEL: 'warn', ...LIMITS_OFF, ...ALERTS_ONLY, LEAD_RETENTION_DAYS: String(days) },
    },
    redisUrl,
    { databaseUrl, smtpUrl: `smtp://127.0.0.1:${sink.port}`, mailDir, adminPassword: password },
  );
  let restoreSettings = null;
  let exited = null;
  try {
    const apps = [
      await deployment.startWorker({ port: adminPort, name: 'retention-worker', timeoutMs: 600_000 }),
      await deployment.startGateway({ port: gatewayPort, name: 'retention-gateway' }),
    ];
    // An app that exits mid-run (a crash, or another process's kill) makes the figures meaningless.
    for (const app of apps) {
      app.exited.then((s) => (exited ??= `${app.name} exited during the run (code ${s.code}, signal ${s.signal})`));
    }
    restoreSettings = await logLockWaits(databaseUrl, 100);
    const logFrom = logOffset(values['pg-log']);
    const sampler = await sampleLeadLocks(databaseUrl, Number(values['interval-ms']));
    const intake = steadyIntake(`http://127.0.0.1:${gatewayPort}`, Number(values.rate), prefix);
    const phase = (name) => {
      sampler.phase(name);
      intake.phase(name);
      log(`phase: ${name}`);
    };
    await sleep(10_000);
    phase('before');
    await sleep(Number(values['baseline-seconds']) * 1000);

    phase('staff erasure');
    const adminUrl = `http://127.0.0.1:${adminPort}`;
    const staff = [];
    for (const [what, t] of [
      [`a lead of the big contact (${targets.big?.contact_leads} leads)`, targets.big],
      [`an ordinary lead (${targets.ordinary?.ledger_rows} ledger rows)`, targets.ordinary],
    ]) {
      if (!t) continue;
      const r = await timedStaffErasure(databaseUrl, adminUrl, password, t.id);
      staff.push({ what, ...r });
      log(`staff erasure of ${what}: HTTP ${r.httpMs.toFixed(1)} ms, leads locked ${r.lockMs.toFixed(1)} ms`);
      await sleep(2000);
    }

    phase('queued');
    const resumedAt = Date.now();
    await maintenance.resume();
    const job = await purgeRun(maintenance, phase);
    phase('after');
    await sleep(Number(values['after-seconds']) * 1000);
    const posts = await intake.stop();
    if (exited) throw new Error(exited);
    const { samples, seen } = await sampler.stop();
    await restoreSettings();
    restoreSettings = null;
    await sleep(3000);

    const locks = {};
    for (const name of Object.keys(samples)) {
      locks[name] = summarizeLocks(
        seen.filter((h) => h.phase === name),
        samples[name],
      );
    }
    const intakeStats = await intakeByPhase(databaseUrl, posts);
    const {
      rows: [purge],
    } = await pgQuery(
      databaseUrl,
      `SELECT count(*)::int AS erased, extract(epoch FROM max(erased_at) - min(erased_at)) AS seconds
         FROM erasures WHERE actor = 'retention' AND erased_at >= $1`,
      [new Date(resumedAt)],
    );
    const left = await pgQuery(
      databaseUrl,
      `SELECT count(*)::int AS n FROM leads WHERE erased_at IS NULL AND received_at < $1::timestamptz - $2 * interval '1 day'`,
      [new Date(job.startedAt), days],
    );
    const report = retentionMarkdown({
      command: `node bench/retention-locks.js --database-url ${databaseUrl.replace(/\/\/[^@/]*@/, '//postgres@')} --expired ${expired}`,
      started,
      load,
      loadEnd: os.loadavg()[0],
      ...commitAndCores(),
      leads,
      days,
      due,
      rate: Number(values.rate),
      intervalMs: Number(values['interval-ms']),
      locks,
      intake: intakeStats,
      purge: { ...purge, ms: job.ms, state: job.state, left: left.rows[0].n, sink: sink.messages },
      staff,
      logged: lockWaitsSince(values['pg-log'], logFrom, database),
    });
    console.log(report);
    if (!values['no-write']) {
      const file = path.join(__dirname, 'RESULTS.md');
      fs.writeFileSync(file, withSection(fs.readFileSync(file, 'utf8'), 'retention', report));
      log(`wrote the retention section of ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    if (restoreSettings) await restoreSettings().catch((err) => log(`could not restore the settings: ${err.message}`));
    await deployment.stop();
    await maintenance.close();
    await deleteKeys(redis, prefix).catch((err) => log(`could not clear ${prefix}: ${err.message}`));
    redis.disconnect();
    await sink.close();
    fs.rmSync(mailDir, { recursive: true, force: true });
  }
}

/** The checkout's commit and the machine's cores, as the other sections give them. */
function commitAndCores() {
  const { commit, cores } = machine({}, '');
  return { commit, cores };
}

/**
 * Waits for the retention job to start (phase `purge` from then) and to end,
 * or for --max-seconds; resolves with its state, start and duration.
 */
async function purgeRun(queue, phase) {
  const deadline = Date.now() + Number(values['max-seconds']) * 1000;
  let job = null;
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    if (!job) {
      job = (await queue.getJobs(['active', 'completed', 'failed'])).find((j) => j.name === RETENTION_JOB) ?? null;
      if (job) phase('purge');
    }
    if (job) {
      const now = await queue.getJob(job.id);
      const state = now ? await now.getState() : 'removed';
      if (state !== 'active') return { state, startedAt: job.processedOn, ms: (now?.finishedOn ?? Date.now()) - job.processedOn };
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      // From `erasures`, not `leads`: a count there is a read of its own in the figures (~250 ms, seen in a run).
      const { rows } = await pgQuery(
        databaseUrl,
        `SELECT count(*)::int AS n FROM erasures WHERE actor = 'retention' AND erased_at >= $1`,
        [new Date(job?.processedOn ?? Date.now())],
      );
      log(`${rows[0].n} leads erased so far`);
    }
    await sleep(job ? 250 : 50);
  }
  return { state: `still running after ${values['max-seconds']} s`, startedAt: job?.processedOn ?? Date.now(), ms: NaN };
}

main().catch((err) => {
  log(err.stack || err.message);
  killAll();
  process.exit(1);
});
