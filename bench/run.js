#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the product against two raw baselines, side by side.
 *
 * Sides (lib/sides.js), each with its own QUEUE_PREFIX, database and
 * in-process SMTP sink, against the local Redis and Postgres:
 * - product: the built apps (dist/, NODE_ENV=production) with the benchmark's
 *   settings: rate limit, duplicate window, form timing check and flood guard
 *   off, LOG_LEVEL=warn;
 * - defaults: the same apps as a user runs them: every defence on at its
 *   default, LOG_LEVEL=info (request lines logged), TRUST_PROXY=127.0.0.1
 *   with a distinct X-Forwarded-For per request (lib/load.js) so the rate
 *   limit is checked on every lead without rejecting the load generator;
 * - heavy baseline (baseline-*.js): Fastify + Ajv schema with patterns and
 *   email format, jobs removed by age; BullMQ worker + pg transaction +
 *   pooled nodemailer with the full alert;
 * - lean baseline (lean-*.js): Fastify + hand-written checks + one
 *   `queue.add`; BullMQ worker (concurrency 20) + one statement + a ~300-byte
 *   pooled nodemailer alert + one UPDATE;
 * - with --each-defence (on by default, off with --quick): gateway-only
 *   product sides with one defence, or request logging, on at a time.
 * Nothing is built here: `npm run bench` builds first.
 *
 * 1. Gateway: accepted leads/s at 50 connections, no pipelining, every request
 *    a distinct valid lead; p50/p99 latency; the app's CPU time per 1000
 *    leads (the steady figure on a busy machine). Workers are stopped
 *    meanwhile; queued jobs are discarded between rounds; each round rotates
 *    which side goes first.
 * 2. Worker: N leads are enqueued through each side's gateway while its worker
 *    is stopped; the worker is started and the time until all N alert emails
 *    reached the sink is taken. Rate = alerts/s from first to last email
 *    (process start-up excluded; the time from spawn is reported as well).
 * 3. Memory: VmRSS from /proc/<pid>/status, idle (after start, before any
 *    load) and the maximum under load.
 *
 * Prints the figures, the targets and the price of each default, and writes
 * bench/RESULTS.md with the machine's description.
 *
 * Flags: --rounds N (3), --duration SECONDS (15), --warmup SECONDS (3),
 * --drain N leads (3000), --drain-rounds N (= rounds), --connections N (50),
 * --each-defence / --no-each-defence, --quick (2 short rounds, 1 small drain,
 * no per-defence sides: about 2 minutes), --out FILE (bench/RESULTS.md),
 * --no-write, --keep (keep databases and Redis keys).
 * `--rounds 0` or `--drain-rounds 0` skips that part (use with --no-write).
 * Env: REDIS_URL (redis://127.0.0.1:6379), BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/postgres: the server to create the
 * bench databases on), BENCH_PRODUCT_NODE_ARGS and BENCH_BASELINE_NODE_ARGS
 * (node flags for each side's processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const { parseArgs } = require('node:util');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const IORedis = require('ioredis');
const { sleep } = require('../test/support/wait');
const { deleteKeys: clearPrefix } = require('../test/support/redis');
const { loadAverage, machine, pgQuery, rowCounts } = require('./lib/environment');
const { load } = require('./lib/load');
const { cpuMs, failWith, killAll, removeLogs, rssMb, rssSampler, stopProcess } = require('./lib/processes');
const { fmt, summarize } = require('./lib/report');
const { allSections } = require('./lib/results-section');
const { ENTRY, prepareSides } = require('./lib/sides');

const ROOT = path.resolve(__dirname, '..');
// Far above any drain: the defaults side's flood guard checks but never parks (lib/sides.js).
const FLOOD_LIMIT_ABOVE_DRAIN = 1_000_000;
// Idle RSS is read this long after an app is ready, at its steady state: the
// boot collection gives the young generation back within seconds
// (libs/config/src/release-boot-garbage.ts), and V8's memory reducer returns
// the old space's spare pages once it has seen the app idle (~25 s after
// start on this machine; with --trace-gc, "Mark-Compact (reduce)").
const IDLE_SETTLE_MS = 45_000;

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      drain: { type: 'string' },
      'drain-rounds': { type: 'string' },
      connections: { type: 'string' },
      'each-defence': { type: 'boolean' },
      'no-each-defence': { type: 'boolean' },
      quick: { type: 'boolean', default: false },
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
  const q = values.quick;
  const num = (v, def, min = 1) => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`bad number: ${v}`);
    return n;
  };
  const rounds = num(values.rounds, q ? 2 : 3, 0);
  const connections = num(values.connections, 50);
  const drain = Math.ceil(num(values.drain, q ? 600 : 3000) / connections) * connections;
  return {
    quick: q,
    rounds,
    duration: num(values.duration, q ? 5 : 15),
    warmup: num(values.warmup, q ? 1 : 3, 0),
    drain,
    drainRounds: num(values['drain-rounds'], q ? 1 : Math.max(rounds, 1), 0),
    connections,
    // The per-defence sides run gateway rounds only.
    eachDefence: rounds > 0 && !values['no-each-defence'] && (values['each-defence'] ?? !q),
    out: values['no-write'] ? null : path.resolve(values.out || path.join(__dirname, 'RESULTS.md')),
    keep: values.keep,
  };
}

const now = () => performance.now();
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
/** Each round starts with another side, so no side always runs on the warmest (or busiest) machine. */
const rotate = (xs, r) => [...xs.slice(r % xs.length), ...xs.slice(0, r % xs.length)];

async function gatewayRound(s, r, opt, redis) {
  await clearPrefix(redis, s.prefix);
  if (opt.warmup > 0) await load(s.gatewayUrl, { connections: opt.connections, duration: opt.warmup, tag: `${s.key}-w${r}` });
  const pid = s.gateway.child.pid;
  const stopRss = rssSampler(pid);
  const cpu0 = cpuMs(pid);
  const lines0 = s.gateway.newlines;
  const res = await load(s.gatewayUrl, { connections: opt.connections, duration: opt.duration, tag: `${s.key}-g${r}` });
  const cpu = cpuMs(pid) - cpu0;
  const rss = stopRss();
  if (s.gateway.status) throw failWith(s.gateway, `${s.key} gateway died under load`);
  const row = {
    round: r + 1,
    accepted: res['2xx'],
    rate: res['2xx'] / res.duration,
    p50: res.latency.p50,
    p99: res.latency.p99,
    max: res.latency.max,
    non2xx: res.non2xx,
    errors: res.errors + res.timeouts,
    rss,
    // The app's own CPU per lead: unlike the rate, not shared with the load generator.
    cpuPerK: (cpu / res['2xx']) * 1000,
    logLines: (s.gateway.newlines - lines0) / res['2xx'],
  };
  s.results.gateway.push(row);
  log(
    `gateway round ${r + 1} ${s.key.padEnd(16)}: ${fmt(row.rate)} accepted/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ` +
      `non-2xx ${row.non2xx}, errors ${row.errors}, CPU ${fmt(row.cpuPerK)} ms per 1000, ` +
      `log lines per lead ${fmt(row.logLines, 1)}, RSS max ${fmt(rss)} MB`,
  );
}

async function drainRound(s, r, opt, redis) {
  await clearPrefix(redis, s.prefix);
  s.sink.reset();
  const enq = await load(s.gatewayUrl, { connections: opt.connections, amount: opt.drain, tag: `${s.key}-d${r}` });
  const expected = enq['2xx'];
  if (expected !== opt.drain) log(`${s.key}: only ${expected} of ${opt.drain} leads were accepted for the drain`);
  const t0 = now();
  const { proc } = s.startWorker();
  const stopRss = rssSampler(proc.child.pid);
  // Wait for all alerts; give up after 30 s without progress.
  let seen = 0;
  let progressAt = now();
  let cpuAtFirst = NaN;
  while (s.sink.ids.size < expected) {
    if (proc.status) throw failWith(proc, `${s.key} worker exited while draining`);
    if (Number.isNaN(cpuAtFirst) && s.sink.first !== null) cpuAtFirst = cpuMs(proc.child.pid);
    if (s.sink.ids.size !== seen) {
      seen = s.sink.ids.size;
      progressAt = now();
    }
    if (now() - progressAt > 30000) {
      log(`${s.key}: drain stalled at ${s.sink.ids.size}/${expected} alerts`);
      break;
    }
    await sleep(20);
  }
  const cpu = cpuMs(proc.child.pid) - cpuAtFirst;
  const rss = stopRss();
  const got = s.sink.ids.size;
  const span = (s.sink.last - s.sink.first) / 1000;
  const row = {
    round: r + 1,
    expected,
    alerted: got,
    rate: got > 1 && span > 0 ? (got - 1) / span : NaN,
    fromStart: (s.sink.last - t0) / 1000,
    firstAfter: (s.sink.first - t0) / 1000,
    rss,
    cpuPerK: got > 1 ? (cpu / (got - 1)) * 1000 : NaN,
  };
  await stopProcess(proc);
  await sleep(200); // late duplicates would show up here
  row.duplicates = s.sink.duplicates;
  row.other = s.sink.other;
  s.results.drain.push(row);
  log(
    `drain round ${r + 1} ${s.key.padEnd(16)}: ${got}/${expected} alerted, ${fmt(row.rate)} alerts/s ` +
      `(first after ${fmt(row.firstAfter, 2)} s, all after ${fmt(row.fromStart, 2)} s), duplicates ${row.duplicates}, ` +
      `other emails ${row.other}, CPU ${fmt(row.cpuPerK)} ms per 1000, RSS max ${fmt(rss)} MB`,
  );
}

async function main() {
  const opt = options();
  const started = Date.now();
  for (const [name, file] of Object.entries(ENTRY)) {
    if (!fs.existsSync(file)) throw new Error(`${name}: ${path.relative(ROOT, file)} is missing; run \`npm run build\` first`);
  }

  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const pgBase = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect().catch((err) => {
    throw new Error(`Redis at ${redisUrl} is not answering: ${err.message}`);
  });
  const info = await redis.info('server');
  const redisInfo = {
    version: (/redis_version:(\S+)/.exec(info) || [])[1],
    appendonly: (await redis.config('GET', 'appendonly'))[1],
    policy: (await redis.config('GET', 'maxmemory-policy'))[1],
  };
  const pgVersion = (
    await pgQuery(pgBase, 'SHOW server_version').catch((err) => {
      throw new Error(`Postgres at ${pgBase} is not answering: ${err.message}`);
    })
  ).rows[0].server_version;
  const env = machine(redisInfo, pgVersion);

  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const sides = await prepareSides({
    runId,
    redisUrl,
    pgBase,
    eachDefence: opt.eachDefence,
    floodLimit: FLOOD_LIMIT_ABOVE_DRAIN,
  });
  const withWorker = sides.filter((s) => s.startWorker);

  const cleanup = async () => {
    killAll();
    if (opt.keep) {
      log(`kept: databases ${withWorker.map((s) => s.db).join(', ')}; Redis prefixes ${sides.map((s) => s.prefix).join(', ')}`);
    } else {
      for (const s of sides) {
        await clearPrefix(redis, s.prefix).catch((err) => log(`could not clear ${s.prefix}: ${err.message}`));
        if (s.db) {
          await pgQuery(pgBase, `DROP DATABASE IF EXISTS "${s.db}" WITH (FORCE)`).catch((err) =>
            log(`could not drop ${s.db}: ${err.message}`),
          );
        }
        if (s.mailDir) fs.rmSync(s.mailDir, { recursive: true, force: true });
      }
    }
    for (const s of withWorker) await s.sink.close();
    redis.disconnect();
  };
  let ok = false;
  process.once('SIGINT', () => {
    log('interrupted: stopping everything');
    cleanup().finally(() => process.exit(130));
  });

  if (os.loadavg()[0] > 1)
    log(`warning: load average ${env.load} before the run: other work shares the CPUs, expect noisy figures`);
  log(
    `run ${runId}: sides ${sides.map((s) => s.key).join(', ')}; ${opt.rounds} gateway round(s) of ${opt.duration}s ` +
      `(+${opt.warmup}s warm-up) at ${opt.connections} connections, ${opt.drainRounds} drain round(s) of ${opt.drain} leads`,
  );

  try {
    // 1. Workers: create their databases one at a time (boots do not share
    // the CPUs), then idle together until each is at its steady state.
    const idle = [];
    for (const s of withWorker) {
      log(`${s.key} worker: first start (database, migrations)`);
      const { proc, ready } = s.startWorker();
      await ready;
      idle.push({ s, proc, readyAt: Date.now() });
    }
    for (const { s, proc, readyAt } of idle) {
      await sleep(Math.max(0, readyAt + IDLE_SETTLE_MS - Date.now()));
      s.workerIdleRss = rssMb(proc.child.pid);
    }
    for (const { proc } of idle) await stopProcess(proc);

    // 2. Gateways: start all, idle RSS.
    for (const s of sides) {
      log(`${s.key} gateway: start`);
      const g = s.startGateway();
      s.gateway = g.proc;
      await g.ready;
    }
    await sleep(IDLE_SETTLE_MS);
    for (const s of sides) s.gatewayIdleRss = rssMb(s.gateway.child.pid);

    // 3. Gateway rounds, interleaved.
    for (let r = 0; r < opt.rounds; r++) for (const s of rotate(sides, r)) await gatewayRound(s, r, opt, redis);
    for (const s of sides) await clearPrefix(redis, s.prefix);
    // Only the sides with a worker are needed from here on.
    for (const s of sides) if (!s.startWorker) await stopProcess(s.gateway);

    // 4. Worker drain rounds, interleaved.
    for (let r = 0; r < opt.drainRounds; r++) for (const s of rotate(withWorker, r)) await drainRound(s, r, opt, redis);
    for (const s of withWorker) s.rows = await rowCounts(s.databaseUrl);

    for (const s of sides) await stopProcess(s.gateway);
    ok = true;
  } finally {
    await cleanup();
    // Keep the apps' logs only when something went wrong.
    if (ok) removeLogs();
  }

  env.loadEnd = loadAverage();
  const report = summarize(opt, env, sides, (Date.now() - started) / 1000);
  process.stdout.write(`\n${report.console}\n`);
  if (opt.out) {
    // The other scripts' sections (bench:data, csv-memory, staff-queries, retention-locks) are theirs
    // to rewrite: carried over as they are.
    const previous = fs.existsSync(opt.out) ? fs.readFileSync(opt.out, 'utf8') : '';
    const kept = allSections(previous);
    fs.writeFileSync(opt.out, [report.markdown.trimEnd(), ...kept].join('\n\n') + '\n');
    log(`wrote ${path.relative(process.cwd(), opt.out) || opt.out}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    killAll();
    console.error(`[bench] failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
