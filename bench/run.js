#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the product against a raw baseline, side by side.
 *
 * Runs the built apps (dist/, NODE_ENV=production, LOG_LEVEL=warn, rate limit
 * and duplicate window off) and the baseline in bench/ (plain Fastify +
 * BullMQ, plain BullMQ worker + pg + nodemailer) against the local Redis and
 * Postgres, each side with its own QUEUE_PREFIX, database and in-process SMTP
 * sink. Nothing is built here: `npm run bench` builds first.
 *
 * 1. Gateway: accepted leads/s at 50 connections, no pipelining, every request
 *    a distinct valid lead; p50/p99 latency. Workers are stopped meanwhile so
 *    the two gateways are measured alone; queued jobs are discarded between
 *    rounds. Rounds alternate which side goes first (A/B, B/A, ...).
 * 2. Worker: N leads are enqueued through each side's gateway while its worker
 *    is stopped; the worker is started and the time until all N alert emails
 *    reached the sink is taken. Rate = alerts/s from first to last email
 *    (process start-up excluded; the time from spawn is reported as well).
 * 3. Memory: VmRSS from /proc/<pid>/status, idle (after start, before any
 *    load) and the maximum under load.
 *
 * Prints a table and writes bench/RESULTS.md with the machine's description.
 *
 * Flags: --rounds N (3), --duration SECONDS (15), --warmup SECONDS (3),
 * --drain N leads (3000), --drain-rounds N (= rounds), --connections N (50),
 * --quick (2 short rounds, 1 small drain: under 2 minutes), --out FILE
 * (bench/RESULTS.md), --no-write, --keep (keep databases and Redis keys).
 * `--rounds 0` or `--drain-rounds 0` skips that part (use with --no-write).
 * Env: REDIS_URL (redis://127.0.0.1:6379), BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/postgres: the server to create the two
 * bench databases on), BENCH_PRODUCT_NODE_ARGS and BENCH_BASELINE_NODE_ARGS (node
 * flags for each side's processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const { spawn, execFileSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const autocannon = require('autocannon');
const IORedis = require('ioredis');
const { Client } = require('pg');
const { nodeFlags } = require('../scripts/node-flags');
const { SMTPServer } = require('smtp-server');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = {
  // Overridable only to test this harness without a build.
  gateway: process.env.BENCH_PRODUCT_GATEWAY || path.join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js'),
  worker: process.env.BENCH_PRODUCT_WORKER || path.join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
  baseGateway: path.join(__dirname, 'baseline-gateway.js'),
  baseWorker: path.join(__dirname, 'baseline-worker.js'),
};

// ---------------------------------------------------------------- options --

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      drain: { type: 'string' },
      'drain-rounds': { type: 'string' },
      connections: { type: 'string' },
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
    out: values['no-write'] ? null : path.resolve(values.out || path.join(__dirname, 'RESULTS.md')),
    keep: values.keep,
  };
}

// ------------------------------------------------------------------ utils --

const now = () => performance.now();
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, ms; NaN once it is gone. */
function cpuMs(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 200 ms until stopped; returns the maximum. */
function rssSampler(pid) {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v > max || !Number.isFinite(max)) max = v;
  }, 200);
  return () => {
    clearInterval(timer);
    const v = rssMb(pid);
    return Number.isFinite(v) && v > max ? v : max;
  };
}

// -------------------------------------------------------------- processes --

const children = new Set();
const logFiles = new Set();

function startProcess(label, entry, env) {
  const logFile = path.join(os.tmpdir(), `bench-${label}-${process.pid}.log`);
  logFiles.add(logFile);
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  // For profiling the product, e.g. BENCH_PRODUCT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const flags = label.startsWith('product') ? process.env.BENCH_PRODUCT_NODE_ARGS : process.env.BENCH_BASELINE_NODE_ARGS;
  // The product runs with the flags its npm start scripts use.
  const shipped = label.startsWith('product-') ? nodeFlags(label.slice('product-'.length)) : [];
  const nodeArgs = [...shipped, ...(flags || '').split(/\s+/).filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { label, child, logFile, tail: [], exited: null, lines: [] };
  const keep = (chunk) => {
    out.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      proc.tail.push(line);
      if (proc.tail.length > 40) proc.tail.shift();
      for (const w of proc.lines) w(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  proc.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      proc.exited = { code, signal };
      children.delete(proc);
      out.end();
      resolve(proc.exited);
    });
  });
  children.add(proc);
  return proc;
}

function failWith(proc, msg) {
  const tail = proc.tail
    .slice(-25)
    .map((l) => `    ${l}`)
    .join('\n');
  return new Error(`${msg}\n  last output of ${proc.label} (full log: ${proc.logFile}):\n${tail}`);
}

async function waitHttpOk(proc, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exited) throw failWith(proc, `${proc.label} exited (${JSON.stringify(proc.exited)}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      last = `HTTP ${res.status}`;
      await res.arrayBuffer();
      if (res.ok) return;
    } catch (err) {
      last = err.message;
    }
    await sleep(200);
  }
  throw failWith(proc, `${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

function waitLine(proc, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.lines = proc.lines.filter((w) => w !== watch);
      reject(failWith(proc, `${proc.label} did not print ${pattern} within ${timeoutMs} ms`));
    }, timeoutMs);
    const watch = (line) => {
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      proc.lines = proc.lines.filter((w) => w !== watch);
      resolve();
    };
    proc.lines.push(watch);
    proc.done.then((exit) => {
      clearTimeout(timer);
      reject(failWith(proc, `${proc.label} exited (${JSON.stringify(exit)}) before it was ready`));
    });
  });
}

async function stopProcess(proc, timeoutMs = 30000) {
  if (!proc || proc.exited) return proc && proc.exited;
  proc.child.kill('SIGTERM');
  const t = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const exit = await proc.done;
  clearTimeout(t);
  return exit;
}

function killAll() {
  for (const p of children) {
    try {
      p.child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}

// -------------------------------------------------------------- SMTP sink --

/** An SMTP server that accepts everything and records each alert's X-Lead-Id. */
async function startSink(label) {
  const sink = {
    label,
    ids: new Set(),
    messages: 0,
    duplicates: 0,
    other: 0,
    first: null,
    last: null,
    reset() {
      this.ids.clear();
      this.messages = 0;
      this.duplicates = 0;
      this.other = 0;
      this.first = this.last = null;
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    maxClients: 200,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      let head = '';
      let inHead = true;
      stream.on('data', (chunk) => {
        if (!inHead) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          inHead = false;
        } else if (head.length > 256 * 1024) inHead = false;
      });
      stream.on('end', () => {
        const t = now();
        sink.messages++;
        const notice = (/^X-Lead-Notice:[ \t]*(\S+)/im.exec(head) || [])[1];
        const m = /^X-Lead-Id:[ \t]*(\S+)/im.exec(head);
        const key = m ? m[1] : `message-${sink.messages}`;
        // Only the one new-lead alert per lead counts (not digests,
        // visitor confirmations or reminders).
        if (notice && notice !== 'new-lead') sink.other++;
        else if (sink.ids.has(key)) sink.duplicates++;
        else {
          sink.ids.add(key);
          if (sink.first === null) sink.first = t;
          sink.last = t;
        }
        callback(null, 'queued');
      });
    },
  });
  server.on('error', (err) => log(`smtp sink ${label}: ${err.message}`));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = server.server.address().port;
  sink.close = () => new Promise((resolve) => server.close(resolve));
  return sink;
}

// ------------------------------------------------------------------- load --

let leadCounter = 0;
const REQUIREMENT =
  '我们计划在华东地区的三个工厂部署工商业储能系统,单厂用电负荷约 2 MW,' +
  '希望了解整体方案、设备选型、报价和交付周期,并安排技术人员现场勘察。请尽快联系。';

function nextLead(tag) {
  const i = ++leadCounter;
  return {
    name: `张伟${i}`,
    phone: `138${String(i % 1e8).padStart(8, '0')}`,
    email: `lead.${tag}.${i}@example.com`,
    company: `上海某某科技有限公司 ${i}`,
    requirement: `${REQUIREMENT}(编号 ${tag}-${i})`,
    consent: true,
    utm_source: 'bench',
    utm_medium: 'cpc',
    utm_campaign: tag,
  };
}

function load(url, { connections, duration, amount, tag }) {
  return new Promise((resolve, reject) => {
    const opts = {
      url,
      connections,
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: '/api/leads',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'bench/1' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(nextLead(tag)) }),
        },
      ],
    };
    if (amount) opts.amount = amount;
    else opts.duration = duration;
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

// ------------------------------------------------------------ environment --

function machine(redisInfo, pgVersion) {
  const cpus = os.cpus();
  let distro = '';
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))[1];
  } catch {
    /* not Linux */
  }
  const version = (pkg) => {
    try {
      return require(path.join(ROOT, 'node_modules', pkg, 'package.json')).version;
    } catch {
      return '?';
    }
  };
  let commit = 'not committed';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    /* no git or no commit yet */
  }
  return {
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', '),
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${distro || os.type()} (kernel ${os.release()})`,
    node: process.version,
    redis: `${redisInfo.version} (appendonly ${redisInfo.appendonly}, maxmemory-policy ${redisInfo.policy})`,
    postgres: pgVersion,
    libs: ['@nestjs/core', 'fastify', 'bullmq', 'ioredis', 'pg', 'typeorm', 'nodemailer', 'autocannon']
      .map((p) => `${p} ${version(p)}`)
      .join(', '),
    commit,
  };
}

async function clearPrefix(redis, prefix) {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) {
      n += keys.length;
      await redis.unlink(...keys);
    }
  } while (cursor !== '0');
  return n;
}

function dbUrl(base, name) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function pgQuery(url, sql, params) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

async function rowCounts(url) {
  const count = async (sql) => {
    try {
      return Number((await pgQuery(url, sql)).rows[0].n);
    } catch {
      return NaN;
    }
  };
  return {
    leads: await count('SELECT count(*) AS n FROM leads'),
    tasks: await count('SELECT count(*) AS n FROM follow_up_tasks'),
    sent: await count(`SELECT count(*) AS n FROM notifications WHERE status = 'sent'`),
  };
}

// ------------------------------------------------------------------- main --

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
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME || os.tmpdir(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: redisUrl,
  };
  const sides = {
    product: { name: 'product', prefix: `bench-prod-${runId}`, db: `bench_prod_${runId}` },
    baseline: { name: 'baseline', prefix: `bench-base-${runId}`, db: `bench_base_${runId}` },
  };
  for (const s of Object.values(sides)) {
    s.sink = await startSink(s.name);
    s.gatewayPort = await freePort();
    s.gatewayUrl = `http://127.0.0.1:${s.gatewayPort}`;
    s.databaseUrl = dbUrl(pgBase, s.db);
    s.results = { gateway: [], drain: [] };
  }
  const adminPassword = randomBytes(12).toString('hex');
  const adminPort = await freePort();

  const P = sides.product;
  const B = sides.baseline;
  P.gatewayEnv = {
    ...baseEnv,
    QUEUE_PREFIX: P.prefix,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(P.gatewayPort),
    RATE_LIMIT_PER_MINUTE: '0',
    DUPLICATE_WINDOW_SECONDS: '0',
    MIN_FILL_SECONDS: '0',
  };
  P.workerEnv = {
    ...baseEnv,
    QUEUE_PREFIX: P.prefix,
    DATABASE_URL: P.databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${P.sink.port}`,
    MAIL_TO: 'sales@example.com',
    MAIL_DIR: path.join(os.tmpdir(), `bench-mail-${runId}`),
    ADMIN_HOST: '127.0.0.1',
    ADMIN_PORT: String(adminPort),
    ADMIN_PASSWORD: adminPassword,
    // Per-lead alerts, as the baseline sends: no flood digest, no visitor
    // confirmation email.
    FLOOD_ALERTS_PER_MINUTE: '0',
    AUTORESPONSE_ENABLED: 'false',
  };
  B.gatewayEnv = { ...baseEnv, QUEUE_PREFIX: B.prefix, HOST: '127.0.0.1', PORT: String(B.gatewayPort) };
  B.workerEnv = {
    ...baseEnv,
    QUEUE_PREFIX: B.prefix,
    DATABASE_URL: B.databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${B.sink.port}`,
    MAIL_TO: 'sales@example.com',
  };
  P.startWorker = async () => {
    const proc = startProcess('product-worker', ENTRY.worker, P.workerEnv);
    return { proc, ready: waitHttpOk(proc, `http://127.0.0.1:${adminPort}/health`, 90000) };
  };
  B.startWorker = async () => {
    const proc = startProcess('baseline-worker', ENTRY.baseWorker, B.workerEnv);
    return { proc, ready: waitLine(proc, /baseline-worker ready/, 60000) };
  };
  P.startGateway = () => {
    const proc = startProcess('product-gateway', ENTRY.gateway, P.gatewayEnv);
    return { proc, ready: waitHttpOk(proc, `${P.gatewayUrl}/health`, 60000) };
  };
  B.startGateway = () => {
    const proc = startProcess('baseline-gateway', ENTRY.baseGateway, B.gatewayEnv);
    return { proc, ready: waitHttpOk(proc, `${B.gatewayUrl}/health`, 60000) };
  };

  const cleanup = async () => {
    killAll();
    if (opt.keep) {
      log(`kept: databases ${P.db}, ${B.db}; Redis prefixes ${P.prefix}, ${B.prefix}`);
    } else {
      for (const s of [P, B]) {
        await clearPrefix(redis, s.prefix).catch(() => {});
        await pgQuery(pgBase, `DROP DATABASE IF EXISTS "${s.db}" WITH (FORCE)`).catch((err) =>
          log(`could not drop ${s.db}: ${err.message}`),
        );
      }
      fs.rmSync(P.workerEnv.MAIL_DIR, { recursive: true, force: true });
    }
    for (const s of [P, B]) await s.sink.close();
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
    `run ${runId}: ${opt.rounds} gateway round(s) of ${opt.duration}s (+${opt.warmup}s warm-up) at ${opt.connections} connections, ` +
      `${opt.drainRounds} drain round(s) of ${opt.drain} leads`,
  );

  try {
    // 1. Workers: create their databases, then idle RSS, then stop.
    for (const s of [P, B]) {
      log(`${s.name} worker: first start (database, migrations)`);
      const { proc, ready } = await s.startWorker();
      await ready;
      await sleep(3000);
      s.workerIdleRss = rssMb(proc.child.pid);
      await stopProcess(proc);
    }

    // 2. Gateways: start both, idle RSS.
    for (const s of [P, B]) {
      log(`${s.name} gateway: start`);
      const g = s.startGateway();
      s.gateway = g.proc;
      await g.ready;
    }
    await sleep(3000);
    for (const s of [P, B]) s.gatewayIdleRss = rssMb(s.gateway.child.pid);

    // 3. Gateway rounds, interleaved.
    for (let r = 0; r < opt.rounds; r++) {
      const order = r % 2 === 0 ? [P, B] : [B, P];
      for (const s of order) {
        await clearPrefix(redis, s.prefix);
        if (opt.warmup > 0)
          await load(s.gatewayUrl, { connections: opt.connections, duration: opt.warmup, tag: `${s.name}-w${r}` });
        const stopRss = rssSampler(s.gateway.child.pid);
        const cpu0 = cpuMs(s.gateway.child.pid);
        const res = await load(s.gatewayUrl, { connections: opt.connections, duration: opt.duration, tag: `${s.name}-g${r}` });
        const cpu = cpuMs(s.gateway.child.pid) - cpu0;
        const rss = stopRss();
        if (s.gateway.exited) throw failWith(s.gateway, `${s.name} gateway died under load`);
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
        };
        s.results.gateway.push(row);
        log(
          `gateway round ${r + 1} ${s.name.padEnd(8)}: ${fmt(row.rate)} accepted/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ` +
            `non-2xx ${row.non2xx}, errors ${row.errors}, CPU ${fmt(row.cpuPerK)} ms per 1000, RSS max ${fmt(rss)} MB`,
        );
      }
    }
    for (const s of [P, B]) await clearPrefix(redis, s.prefix);

    // 4. Worker drain rounds, interleaved.
    for (let r = 0; r < opt.drainRounds; r++) {
      const order = r % 2 === 0 ? [P, B] : [B, P];
      for (const s of order) {
        await clearPrefix(redis, s.prefix);
        s.sink.reset();
        const enq = await load(s.gatewayUrl, { connections: opt.connections, amount: opt.drain, tag: `${s.name}-d${r}` });
        const expected = enq['2xx'];
        if (expected !== opt.drain) log(`${s.name}: only ${expected} of ${opt.drain} leads were accepted for the drain`);
        const t0 = now();
        const { proc } = await s.startWorker();
        const stopRss = rssSampler(proc.child.pid);
        // Wait for all alerts; give up after 30 s without progress.
        let seen = 0;
        let progressAt = now();
        let cpuAtFirst = NaN;
        while (s.sink.ids.size < expected) {
          if (proc.exited) throw failWith(proc, `${s.name} worker exited while draining`);
          if (Number.isNaN(cpuAtFirst) && s.sink.first !== null) cpuAtFirst = cpuMs(proc.child.pid);
          if (s.sink.ids.size !== seen) {
            seen = s.sink.ids.size;
            progressAt = now();
          }
          if (now() - progressAt > 30000) {
            log(`${s.name}: drain stalled at ${s.sink.ids.size}/${expected} alerts`);
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
          duplicates: s.sink.duplicates,
          other: s.sink.other,
          rss,
          cpuPerK: got > 1 ? (cpu / (got - 1)) * 1000 : NaN,
        };
        await stopProcess(proc);
        await sleep(200); // late duplicates would show up here
        row.duplicates = s.sink.duplicates;
        row.other = s.sink.other;
        s.results.drain.push(row);
        log(
          `drain round ${r + 1} ${s.name.padEnd(8)}: ${got}/${expected} alerted, ${fmt(row.rate)} alerts/s ` +
            `(first after ${fmt(row.firstAfter, 2)} s, all after ${fmt(row.fromStart, 2)} s), duplicates ${row.duplicates}, ` +
            `other emails ${row.other}, CPU ${fmt(row.cpuPerK)} ms per 1000, RSS max ${fmt(rss)} MB`,
        );
      }
    }
    for (const s of [P, B]) s.rows = await rowCounts(s.databaseUrl);

    for (const s of [P, B]) await stopProcess(s.gateway);
    ok = true;
  } finally {
    await cleanup();
    // Keep the apps' logs only when something went wrong.
    if (ok) for (const f of logFiles) fs.rmSync(f, { force: true });
  }

  env.loadEnd = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
  const report = summarize(opt, env, P, B, (Date.now() - started) / 1000);
  process.stdout.write(`\n${report.console}\n`);
  if (opt.out) {
    fs.writeFileSync(opt.out, report.markdown);
    log(`wrote ${path.relative(process.cwd(), opt.out) || opt.out}`);
  }
}

// ---------------------------------------------------------------- report --

function summarize(opt, env, P, B, elapsed) {
  const g = (s, k) => median(s.results.gateway.map((r) => r[k]));
  const d = (s, k) => median(s.results.drain.map((r) => r[k]));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const max = (xs) => Math.max(...xs.filter(Number.isFinite));
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

  // Rounds of the two sides run back to back, so each pair shares the
  // machine's state of the moment; the spread shows how noisy the run was.
  const pairRatios = (ps, bs) => ps.map((r, i) => fmt(ratio(r.rate, bs[i]?.rate), 2)).join(', ') || 'n/a';
  const gwRatio = ratio(g(P, 'rate'), g(B, 'rate'));
  const wkRatio = ratio(d(P, 'rate'), d(B, 'rate'));
  const check = (ok) => (ok ? 'yes' : 'NO');
  const rows = [
    [
      'gateway: accepted leads/s (median)',
      fmt(g(P, 'rate')),
      fmt(g(B, 'rate')),
      fmt(gwRatio, 2),
      '>= 0.8 x baseline',
      check(gwRatio >= 0.8),
    ],
    ['gateway: p50 latency, ms (median)', fmt(g(P, 'p50'), 1), fmt(g(B, 'p50'), 1), '', '', ''],
    ['gateway: p99 latency, ms (median)', fmt(g(P, 'p99'), 1), fmt(g(B, 'p99'), 1), '', '<= 50 ms', check(g(P, 'p99') <= 50)],
    [
      'gateway: ratio in each round (product / baseline run side by side)',
      pairRatios(P.results.gateway, B.results.gateway),
      '',
      '',
      '',
      '',
    ],
    [
      'gateway: app CPU ms per 1000 accepted (median)',
      fmt(g(P, 'cpuPerK')),
      fmt(g(B, 'cpuPerK')),
      fmt(ratio(g(P, 'cpuPerK'), g(B, 'cpuPerK')), 2),
      '',
      '',
    ],
    [
      'gateway: non-2xx + errors (all rounds)',
      String(sum(P.results.gateway.map((r) => r.non2xx + r.errors))),
      String(sum(B.results.gateway.map((r) => r.non2xx + r.errors))),
      '',
      '0',
      check(sum(P.results.gateway.map((r) => r.non2xx + r.errors)) === 0),
    ],
    [
      'worker: alerts/s draining (median)',
      fmt(d(P, 'rate')),
      fmt(d(B, 'rate')),
      fmt(wkRatio, 2),
      '>= 0.8 x baseline',
      check(wkRatio >= 0.8),
    ],
    [
      'worker: app CPU ms per 1000 alerts (median)',
      fmt(d(P, 'cpuPerK')),
      fmt(d(B, 'cpuPerK')),
      fmt(ratio(d(P, 'cpuPerK'), d(B, 'cpuPerK')), 2),
      '',
      '',
    ],
    [
      'worker: ratio in each round (product / baseline run side by side)',
      pairRatios(P.results.drain, B.results.drain),
      '',
      '',
      '',
      '',
    ],
    [`worker: s from start to ${opt.drain} alerts (median)`, fmt(d(P, 'fromStart'), 2), fmt(d(B, 'fromStart'), 2), '', '', ''],
    [
      'worker: alerts missing / duplicated (all rounds)',
      `${sum(P.results.drain.map((r) => r.expected - r.alerted))} / ${sum(P.results.drain.map((r) => r.duplicates))}`,
      `${sum(B.results.drain.map((r) => r.expected - r.alerted))} / ${sum(B.results.drain.map((r) => r.duplicates))}`,
      '',
      '0 / 0',
      check(sum(P.results.drain.map((r) => r.expected - r.alerted + r.duplicates)) === 0),
    ],
    ['gateway RSS idle, MB', fmt(P.gatewayIdleRss), fmt(B.gatewayIdleRss), '', '< 150 MB', check(P.gatewayIdleRss < 150)],
    [
      'gateway RSS under load (max), MB',
      fmt(max(P.results.gateway.map((r) => r.rss))),
      fmt(max(B.results.gateway.map((r) => r.rss))),
      '',
      '',
      '',
    ],
    ['worker RSS idle, MB', fmt(P.workerIdleRss), fmt(B.workerIdleRss), '', '< 150 MB', check(P.workerIdleRss < 150)],
    [
      'worker RSS draining (max), MB',
      fmt(max(P.results.drain.map((r) => r.rss))),
      fmt(max(B.results.drain.map((r) => r.rss))),
      '',
      '',
      '',
    ],
  ];
  const header = ['metric', 'product', 'baseline', 'ratio', 'target', 'met'];

  const pad = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const consoleTable = [
    pad(header, widths),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => pad(r, widths)),
  ].join('\n');

  const md = (hdr, body) =>
    [`| ${hdr.join(' | ')} |`, `| ${hdr.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const gwRounds = [];
  for (const s of [P, B]) {
    for (const r of s.results.gateway) {
      gwRounds.push([
        r.round,
        s.name,
        fmt(r.rate),
        r.accepted,
        r.p50,
        r.p99,
        r.max,
        r.non2xx,
        r.errors,
        fmt(r.cpuPerK),
        fmt(r.rss),
      ]);
    }
  }
  gwRounds.sort((a, b) => a[0] - b[0]);
  const drRounds = [];
  for (const s of [P, B]) {
    for (const r of s.results.drain) {
      drRounds.push([
        r.round,
        s.name,
        `${r.alerted}/${r.expected}`,
        fmt(r.rate),
        fmt(r.firstAfter, 2),
        fmt(r.fromStart, 2),
        r.duplicates,
        r.other,
        fmt(r.cpuPerK),
        fmt(r.rss),
      ]);
    }
  }
  drRounds.sort((a, b) => a[0] - b[0]);
  const cmd = opt.quick ? 'npm run bench -- --quick' : `npm run bench -- --rounds ${opt.rounds} --duration ${opt.duration}`;
  const dbRows = (s) =>
    s.rows ? `${s.rows.leads} leads, ${s.rows.tasks} follow-up tasks, ${s.rows.sent} notifications sent` : 'n/a';

  const markdown = `# Benchmark results

Product (the built apps, \`NODE_ENV=production\`, \`LOG_LEVEL=warn\`, \`RATE_LIMIT_PER_MINUTE=0\`,
\`DUPLICATE_WINDOW_SECONDS=0\`, \`MIN_FILL_SECONDS=0\`, \`FLOOD_ALERTS_PER_MINUTE=0\` so every lead gets its own alert as in
the baseline) against the raw baseline in \`bench/\` (plain Fastify 5 + JSON schema + one
BullMQ \`queue.add\`; plain BullMQ worker + one pg transaction + pooled nodemailer), same machine, same run,
interleaved rounds. Reproduce with \`${cmd}\` (\`npm run bench\` for the full run).

${md(header, rows)}

Run ${new Date().toISOString()}${opt.quick ? ' in quick mode (short rounds: indicative only)' : ''}, ${fmt(elapsed)} s in all.

## Machine

- CPU: ${env.cpu}, ${env.cores} cores (the load generator, both apps, Redis and Postgres share them)
- Memory: ${env.memory}
- OS: ${env.os}
- Node.js: ${env.node}
- Redis: ${env.redis}
- Postgres: ${env.postgres}
- Libraries: ${env.libs}
- Commit: ${env.commit}
- Load average (1, 5, 15 min) at the start: ${env.load}; at the end: ${env.loadEnd} (well above 0 at the start means other
  work shared the CPUs and the figures are noisy)

## Method

- Gateway: ${opt.rounds} round(s) per side of ${opt.duration} s after a ${opt.warmup} s warm-up, autocannon at ${opt.connections}
  connections without pipelining, each request a distinct valid lead (JSON, Chinese name, mobile number, email,
  company, ~100-character requirement, UTM fields). Accepted = \`2xx\` answers per second. Workers are stopped during
  these rounds so each gateway is measured alone; queued jobs are discarded between rounds. Rounds alternate which
  side goes first.
- Worker: ${opt.drainRounds} round(s) per side: ${opt.drain} leads are posted through the side's own gateway while its
  worker is stopped, then the worker is started and every alert email is counted by an in-process SMTP sink
  (\`smtp-server\`, one per side, by \`X-Lead-Id\`). Rate = alerts per second from the first to the last email, so
  process start-up is excluded; "start to all" includes it.
- Memory: VmRSS from \`/proc/<pid>/status\`: idle 3 s after start before any load, and the maximum sampled every
  200 ms under load.
- CPU: user + system time of the app's process (from \`/proc/<pid>/stat\`) per 1000 leads: during the measured
  gateway round, and from the first to the last alert of a drain. Unlike the rates it is not shared with the load
  generator, Redis and Postgres, so it is the steadier comparison on a busy machine.
- The product's apps run with the node flags of their \`npm run start:<app>\` scripts (package.json).
- Where the time goes (CPU profiles, and what was changed because of them): \`bench/PROFILE.md\`.
- Database rows at the end: product ${dbRows(P)}; baseline ${dbRows(B)}.

## Rounds

### Gateway

${md(['round', 'side', 'accepted/s', 'accepted', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'CPU ms per 1000', 'RSS max MB'], gwRounds)}

### Worker drain

${md(['round', 'side', 'alerted', 'alerts/s', 'first after s', 'all after s', 'duplicates', 'other emails', 'CPU ms per 1000', 'RSS max MB'], drRounds)}
`;
  return { console: consoleTable, markdown };
}

main().then(
  () => process.exit(0),
  (err) => {
    killAll();
    console.error(`[bench] failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
