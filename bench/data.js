#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:data`: does the product keep its pace with years of data?
 *
 * Two sides, each with its own database, QUEUE_PREFIX, SMTP sink and the
 * built apps (NODE_ENV=production, defences off, LOG_LEVEL=warn): an empty
 * database (migrations and the demo staff: `seed:demo --leads 0`) and one
 * seeded with N demo leads (`seed:demo --leads N`). On each, after a warm-up
 * batch, rounds of: 200 leads from new contacts, then 200 leads from one
 * contact (seeded: the contact with 50,000 leads; empty: a new one), the
 * time to store them taken from the rows. Then, on the seeded side, 15
 * sequential requests each of the lead page (a closed lead, an open one, one
 * of the big contact's) and the task filters, p50 and p95.
 *
 * Prints the tables and writes them into bench/RESULTS.md's `data` section
 * (lib/results-section.js: `npm run bench` keeps it). Nothing is built here:
 * run `npm run build` first.
 *
 * Flags: --leads N (100000: 10000, 100000 and 1000000 are the sizes of issue 24),
 * --database-url URL (the seeded side's database: seeded with --leads if it
 * has no leads, used as it is otherwise, never dropped), --rounds N (3),
 * --batch N (200), --requests N (15), --out FILE (bench/RESULTS.md),
 * --no-write, --keep (keep the databases this run created).
 * Env: REDIS_URL, BENCH_DATABASE_URL (the server for the databases it creates).
 */
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const IORedis = require('ioredis');
const { BIG_CONTACT } = require('../scripts/seed-demo');
const { batch, freshContact, latency, storeBatch } = require('./lib/data-load');
const { DATA_SECTION, dataReport } = require('./lib/data-report');
const { adminTargets } = require('./lib/data-admin-targets');
const { startSide, stopSide } = require('./lib/data-sides');
const { dbUrl, loadAverage, machine, pgQuery } = require('./lib/environment');
const { killAll, removeLogs } = require('./lib/processes');
const { withSection } = require('./lib/results-section');
const { ENTRY } = require('./lib/sides');

const ROOT = path.resolve(__dirname, '..');
const log = (msg) => process.stderr.write(`[bench:data] ${msg}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '100000' },
      'database-url': { type: 'string' },
      rounds: { type: 'string', default: '3' },
      batch: { type: 'string', default: '200' },
      requests: { type: 'string', default: '15' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    const head = fs.readFileSync(__filename, 'utf8').split('*/')[0];
    console.log(head.replace(/^#!.*\n'use strict';\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    process.exit(0);
  }
  const num = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    leads: num('leads', 1000),
    databaseUrl: values['database-url'],
    rounds: num('rounds', 1),
    batch: num('batch', 2),
    requests: num('requests', 1),
    concurrency: 20,
    out: values['no-write'] ? null : path.resolve(values.out || path.join(__dirname, 'RESULTS.md')),
    keep: values.keep,
  };
}

function seed(databaseUrl, leads) {
  log(`seeding ${leads} leads into ${new URL(databaseUrl).pathname.slice(1)}`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'scripts/seed-demo.js'), '--leads', String(leads), '--database-url', databaseUrl],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

async function round(s, r, opt, runTag) {
  const fresh = await storeBatch(s, batch(opt.batch, `${s.key}-n${r}`, runTag));
  s.results.new.push(fresh);
  const contact =
    s.key === 'seeded'
      ? { phone: BIG_CONTACT.national, email: BIG_CONTACT.email }
      : freshContact(`${s.key}-${r}-${runTag}`, runTag);
  const one = await storeBatch(s, batch(opt.batch, `${s.key}-o${r}`, runTag, contact));
  s.results.one.push(one);
  log(`round ${r + 1} ${s.key.padEnd(6)}: new contacts ${fresh.rate.toFixed(0)}/s, one contact ${one.rate.toFixed(0)}/s`);
}

async function main() {
  const opt = options();
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

  const created = [];
  const emptyName = `bench_data_empty_${runId}`;
  created.push(emptyName);
  seed(dbUrl(server, emptyName), 0);
  let seededUrl = opt.databaseUrl;
  if (!seededUrl) {
    const name = `bench_data_${opt.leads}_${runId}`;
    created.push(name);
    seededUrl = dbUrl(server, name);
  }
  const present = await pgQuery(seededUrl, 'SELECT count(*)::int AS n FROM leads').then(
    (r) => r.rows[0].n,
    () => 0,
  );
  if (present === 0) seed(seededUrl, opt.leads);
  else log(`using the ${present} leads already in ${new URL(seededUrl).pathname.slice(1)}`);

  const sides = [];
  let ok = false;
  try {
    sides.push(await startSide('empty', dbUrl(server, emptyName), runId, redisUrl));
    sides.push(await startSide('seeded', seededUrl, runId, redisUrl));
    const [empty, seeded] = sides;
    const count = async (sql, params) => (await pgQuery(seededUrl, sql, params)).rows[0].n;
    seeded.leads = await count('SELECT count(*)::int AS n FROM leads');
    seeded.bigContactLeads = await count('SELECT count(*)::int AS n FROM leads WHERE phone = $1', [BIG_CONTACT.phone]);
    env.load = loadAverage();
    env.busy = os.loadavg()[0] > 1;
    for (const s of sides) await storeBatch(s, batch(opt.batch, `${s.key}-warm`, runTag));
    for (let r = 0; r < opt.rounds; r++)
      for (const s of r % 2 ? [seeded, empty] : [empty, seeded]) await round(s, r, opt, runTag);
    const auth = `Basic ${Buffer.from(`admin:${seeded.adminPassword}`).toString('base64')}`;
    const admin = [];
    for (const t of await adminTargets(seededUrl, BIG_CONTACT.phone)) {
      admin.push({ ...t, ...(await latency(`${seeded.adminUrl}${t.path}`, auth, opt.requests)) });
      log(`${t.label}: p50 ${admin.at(-1).p50.toFixed(1)} ms, p95 ${admin.at(-1).p95.toFixed(1)} ms`);
    }
    env.loadEnd = loadAverage();
    const report = dataReport(opt, env, empty, seeded, admin);
    process.stdout.write(`\n${report.console}\n`);
    if (opt.out) {
      const previous = fs.existsSync(opt.out) ? fs.readFileSync(opt.out, 'utf8') : '# Benchmark results\n';
      fs.writeFileSync(opt.out, withSection(previous, DATA_SECTION, report.markdown));
      log(`wrote ${path.relative(process.cwd(), opt.out) || opt.out}`);
    }
    ok = true;
  } finally {
    for (const s of sides) {
      const name = new URL(s.databaseUrl).pathname.slice(1);
      await stopSide(s, redis, !opt.keep && created.includes(name) ? { server, name } : null);
    }
    for (const name of created) {
      if (!opt.keep) await pgQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    }
    if (opt.keep) log(`kept: ${created.join(', ') || 'no database created'}`);
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
