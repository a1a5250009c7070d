#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:data`: does the product keep its pace with years of data?
 * The growth curve of issue 24: the same measures at 10,000, 100,000 and
 * 1,000,000 leads.
 *
 * One empty database (migrations and the demo staff: `seed:demo --leads 0`)
 * with the built apps on it for the whole run, and, one size after the
 * other, a database seeded with that many demo leads (`seed:demo --leads N`,
 * the seed's own module) with its own apps (NODE_ENV=production, defences
 * off, LOG_LEVEL=warn; each side its own QUEUE_PREFIX and SMTP sink). At each
 * size, after a warm-up batch on both: rounds of 200 leads from new
 * contacts, then 200 from one contact (seeded: the big contact; empty: a new
 * one), the sides interleaved, the time to store them taken from the rows.
 * Then every staff endpoint and page issue 24 names (lead pages, every task
 * filter, search and reports as the admin and as a salesperson, spam tab,
 * customers, audit, the board), 15 sequential requests each, p50 and p95.
 * A request answered with anything but 200, or whose answer shows that
 * the API ignored its filter, is reported as a failed row.
 *
 * Prints one growth table (rows: measures, columns: sizes) and the targets
 * at the largest size, and writes them into bench/RESULTS.md's `data`
 * section (lib/results-section.js: the other scripts' sections stay).
 * Nothing is built here: run `npm run build` first (`npm run bench:data`
 * does).
 *
 * Flags:
 *   --sizes A,B,C             lead counts to seed and measure (10000,100000,1000000)
 *   --leads N                 one size only (instead of --sizes)
 *   --database-url-<N> URL    the database of size N: seeded with N leads if it
 *                             has none, used as it is otherwise, never dropped
 *   --database-url URL        the same, when there is one size
 *   --reuse                   sizes without a URL use the database bench_data_<N>
 *                             on the server: seeded when missing or empty, kept
 *                             after the run, so the next --reuse skips seeding
 *                             (each run adds ~1,400 bench leads to it)
 *   --rounds N (3), --batch N (200), --requests N (15)
 *   --out FILE (bench/RESULTS.md), --no-write (print only)
 *   --keep                    keep the databases this run made (names logged)
 * Env: REDIS_URL, BENCH_DATABASE_URL (the server for the databases it makes).
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const IORedis = require('ioredis');
const { BIG_CONTACT, DEMO_PASSWORD, seedDemo } = require('../scripts/seed-demo');
const { adminTargets } = require('./lib/data-admin-targets');
const { batch, freshContact, rolledUp, settle, storeBatch } = require('./lib/data-load');
const { dataOptions } = require('./lib/data-options');
const { DATA_SECTION, dataReport } = require('./lib/data-report');
const { startSide, stopSide } = require('./lib/data-sides');
const { staffRequests } = require('./lib/data-staff-requests');
const { dbUrl, loadAverage, machine, pgQuery } = require('./lib/environment');
const { killAll, removeLogs } = require('./lib/processes');
const { withSection } = require('./lib/results-section');
const { ENTRY } = require('./lib/sides');

const ROOT = path.resolve(__dirname, '..');
const log = (msg) => process.stderr.write(`[bench:data] ${msg}\n`);

const helpText = () =>
  fs
    .readFileSync(__filename, 'utf8')
    .split('*/')[0]
    .replace(/^#!.*\n'use strict';\n\/\*\*\n/, '')
    .replace(/^ \* ?/gm, '');

const nameOf = (url) => new URL(url).pathname.slice(1);
const leadCount = (url) =>
  pgQuery(url, 'SELECT count(*)::int AS n FROM leads').then(
    (r) => r.rows[0].n,
    () => 0,
  );

async function seed(url, leads) {
  log(`seeding ${leads} leads into ${nameOf(url)}`);
  await seedDemo(['--leads', String(leads), '--database-url', url]);
}

/**
 * The database of one size: the URL given for it, bench_data_<size> with
 * --reuse, else one made for this run (listed in `made`, dropped after it);
 * seeded when it holds no lead.
 */
async function databaseFor(size, opt, server, runId, made) {
  const given = opt.urls.get(size);
  const url = given || dbUrl(server, opt.reuse ? `bench_data_${size}` : `bench_data_${size}_${runId}`);
  if (!given && !opt.reuse) made.push(nameOf(url));
  const present = await leadCount(url);
  if (present === 0) await seed(url, size);
  else {
    log(`using the ${present} leads already in ${nameOf(url)}`);
    if (Math.abs(present - size) > size * 0.1) log(`warning: ${nameOf(url)} holds ${present} leads, not about ${size}`);
  }
  return url;
}

async function round(s, r, opt, runTag, results) {
  await settle(s);
  const fresh = await storeBatch(s, batch(opt.batch, `${s.key}-n${r}`, runTag));
  results.new.push(fresh);
  const contact = s.bigContact
    ? { phone: BIG_CONTACT.national, email: BIG_CONTACT.email }
    : freshContact(`${s.key}-${r}-${runTag}`, runTag);
  const one = await storeBatch(s, batch(opt.batch, `${s.key}-o${r}`, runTag, contact));
  results.one.push(one);
  log(`round ${r + 1} ${s.key.padEnd(14)}: new contacts ${fresh.rate.toFixed(0)}/s, one contact ${one.rate.toFixed(0)}/s`);
}

/** One size: storing rounds against the empty side (interleaved), then the staff requests. */
async function measureSize(size, seeded, empty, opt, runTag) {
  const count = async (sql, params) => (await pgQuery(seeded.databaseUrl, sql, params)).rows[0].n;
  const run = {
    size,
    leads: await count('SELECT count(*)::int AS n FROM leads'),
    activeTasks: await count(`SELECT count(*)::int AS n FROM follow_up_tasks WHERE status IN ('open', 'in_progress')`),
    bigContactLeads: await count('SELECT count(*)::int AS n FROM leads WHERE phone = $1', [BIG_CONTACT.phone]),
    seeded: { new: [], one: [] },
    empty: { new: [], one: [] },
  };
  // A worker's first minutes on a seeded database build the reports' rollup of every closed day; a running
  // system is past that, so both the storing rounds and the staff requests wait for it.
  await rolledUp(seeded, log);
  for (const s of [empty, seeded]) await storeBatch(s, batch(opt.batch, `${s.key}-warm`, runTag));
  const sides = [
    [empty, run.empty],
    [seeded, run.seeded],
  ];
  for (let r = 0; r < opt.rounds; r++) {
    for (const [s, results] of r % 2 ? [...sides].reverse() : sides) await round(s, r, opt, runTag, results);
  }
  // Fresh statistics for the staff requests too: the worker's first minutes on a seeded database re-route
  // hundreds of silent owners' tasks, and a plan from statistics without them varies from run to run.
  await settle(seeded);
  const { picks, targets } = await adminTargets(seeded.databaseUrl, BIG_CONTACT);
  log(`staff requests at ${size}: salesperson ${picks.sales}, company ${picks.rareCompany}, phone ${picks.phoneFragment}`);
  run.picks = picks;
  const accounts = { admin: ['admin', seeded.adminPassword], sales: [picks.sales, DEMO_PASSWORD] };
  run.staff = await staffRequests(seeded, targets, accounts, opt.requests, log);
  return run;
}

async function main() {
  const opt = dataOptions(process.argv.slice(2), helpText(), path.join(__dirname, 'RESULTS.md'));
  if (!opt) return;
  for (const entry of [ENTRY.productWorker, ENTRY.productGateway]) {
    if (!fs.existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: run \`npm run build\` first`);
  }
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const server = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const runTag = Number.parseInt(randomBytes(2).toString('hex'), 16) % 90;
  const info = await redis.info('server');
  const pg = (await pgQuery(server, `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`))
    .rows[0];
  const env = machine({ version: (/redis_version:(\S+)/.exec(info) || [])[1], appendonly: '', policy: '' }, pg.v);
  env.sharedBuffers = pg.sb;
  env.busy = os.loadavg()[0] > 1;

  const made = [`bench_data_empty_${runId}`];
  const dropMade = async (name) => {
    if (opt.keep || !made.includes(name)) return;
    await pgQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((err) => log(err.message));
  };
  let empty = null;
  let ok = false;
  try {
    await seed(dbUrl(server, made[0]), 0);
    empty = await startSide('empty', dbUrl(server, made[0]), runId, redisUrl);
    const runs = [];
    for (const size of opt.sizes) {
      const url = await databaseFor(size, opt, server, runId, made);
      const seeded = await startSide(`seeded-${size}`, url, runId, redisUrl);
      seeded.bigContact = true;
      try {
        runs.push(await measureSize(size, seeded, empty, opt, runTag));
      } finally {
        // Dropped at once: the next size's seed gets the disk and the cache.
        await stopSide(seeded, redis, null);
        await dropMade(nameOf(url));
      }
    }
    env.loadEnd = loadAverage();
    const report = dataReport(opt, env, runs);
    process.stdout.write(`\n${report.console}\n`);
    if (opt.out) {
      const out = path.resolve(opt.out);
      const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '# Benchmark results\n';
      fs.writeFileSync(out, withSection(previous, DATA_SECTION, report.markdown));
      log(`wrote ${path.relative(process.cwd(), out) || out}`);
    }
    ok = true;
  } finally {
    if (empty) await stopSide(empty, redis, null);
    for (const name of made) await dropMade(name);
    if (opt.keep) log(`kept: ${made.join(', ')}`);
    redis.disconnect();
    if (ok) removeLogs();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    killAll();
    console.error(`[bench:data] failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
