'use strict';
/**
 * The sides the benchmark compares, each with its own QUEUE_PREFIX,
 * database, SMTP sink and ports:
 *
 * - product: the built apps with the benchmark's settings (defences off,
 *   LOG_LEVEL=warn, every lead its own alert);
 * - defaults: the built apps as a user runs them (rate limit, duplicate
 *   window, form timing check and flood guard on at their defaults,
 *   LOG_LEVEL=info), behind a trusted local proxy (see lib/load.js);
 * - heavy: bench/baseline-*.js (Ajv schema with patterns and email format,
 *   jobs removed by age, a pg transaction of three statements);
 * - lean: bench/lean-*.js (hand-written checks, one statement);
 * - with --each-defence, gateway-only product sides with one defence (or
 *   request logging) on at a time, so each one's price shows on its own.
 */
const { randomBytes } = require('node:crypto');
const os = require('node:os');
const path = require('node:path');
const { nodeFlags } = require('../../scripts/node-flags');
const { ALERTS_ONLY, Deployment, LIMITS_OFF } = require('../../test/support/deployment');
const { freePort } = require('../../test/support/ports');
const { dbUrl } = require('./environment');
const { logFileFor, startProcess, waitHttpOk, waitLine } = require('./processes');
const { startSink } = require('./smtp-sink');

const ROOT = path.resolve(__dirname, '../..');
const BENCH = path.resolve(__dirname, '..');
const ENTRY = {
  // Overridable only to test this harness without a build.
  productGateway: process.env.BENCH_PRODUCT_GATEWAY || path.join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js'),
  productWorker: process.env.BENCH_PRODUCT_WORKER || path.join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
  heavyGateway: path.join(BENCH, 'baseline-gateway.js'),
  heavyWorker: path.join(BENCH, 'baseline-worker.js'),
  leanGateway: path.join(BENCH, 'lean-gateway.js'),
  leanWorker: path.join(BENCH, 'lean-worker.js'),
};

// The load generator's requests reach the product through this "proxy".
const BEHIND_PROXY = { TRUST_PROXY: '127.0.0.1' };

/**
 * `floodLimit`: the defaults side's FLOOD_ALERTS_PER_MINUTE. The guard's
 * default (60) would park all but 60 alerts of a drain for one digest
 * email, so the drain raises it above the drain's size: the guard still
 * counts the last minute's alerts before every send (its whole cost), and
 * every lead still gets its own alert, as on the other sides.
 */
function sideSpecs({ eachDefence, floodLimit }) {
  const specs = [
    {
      key: 'product',
      title: 'product (benchmark settings)',
      kind: 'product',
      gateway: { LOG_LEVEL: 'warn', ...LIMITS_OFF },
      worker: { LOG_LEVEL: 'warn', ...LIMITS_OFF, ...ALERTS_ONLY },
    },
    {
      key: 'defaults',
      title: 'product (defaults)',
      kind: 'product',
      gateway: { LOG_LEVEL: 'info', ...BEHIND_PROXY },
      worker: { LOG_LEVEL: 'info', FLOOD_ALERTS_PER_MINUTE: String(floodLimit) },
    },
    { key: 'heavy', title: 'heavy baseline', kind: 'heavy', gateway: {}, worker: {} },
    { key: 'lean', title: 'lean baseline', kind: 'lean', gateway: {}, worker: {} },
  ];
  if (eachDefence) {
    specs.push(
      {
        key: 'rate-limit',
        title: 'product + rate limit only',
        kind: 'product',
        gateway: { LOG_LEVEL: 'warn', ...LIMITS_OFF, RATE_LIMIT_PER_MINUTE: '10', ...BEHIND_PROXY },
      },
      {
        key: 'duplicate-window',
        title: 'product + duplicate window only',
        kind: 'product',
        gateway: { LOG_LEVEL: 'warn', ...LIMITS_OFF, DUPLICATE_WINDOW_SECONDS: '600' },
      },
      {
        key: 'request-log',
        title: 'product + request log only',
        kind: 'product',
        gateway: { LOG_LEVEL: 'info', ...LIMITS_OFF },
      },
    );
  }
  return specs;
}

function nodeArgs(kind, app) {
  // For profiling, e.g. BENCH_PRODUCT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (kind === 'product' ? process.env.BENCH_PRODUCT_NODE_ARGS : process.env.BENCH_BASELINE_NODE_ARGS) || '';
  // The product runs with the flags its npm start scripts use.
  const shipped = kind === 'product' ? nodeFlags(app) : [];
  return [...shipped, ...extra.split(/\s+/).filter(Boolean)];
}

/**
 * A product side's deployment (test/support/deployment.js, the suites' rig):
 * the built apps under the side's prefix; `overrides` gives its database,
 * sink and any other option.
 */
function productDeployment(s, redisUrl, overrides) {
  return new Deployment({
    prefix: s.prefix,
    redisEnv: { REDIS_URL: redisUrl },
    gatewayEnv: s.gateway,
    workerEnv: s.worker,
    entry: { gateway: ENTRY.productGateway, worker: ENTRY.productWorker },
    nodeArgs: (kind) => nodeArgs('product', kind),
    logFile: logFileFor,
    ...overrides,
  });
}

/** `{ proc, ready }` of an app spawned by a side's deployment. */
function spawned(d, kind, start) {
  const { app, ready } = d.spawn(kind, start);
  return { proc: app, ready };
}

/** Builds every side: ports, sink, environment and start functions. */
async function prepareSides({ runId, redisUrl, pgBase, eachDefence, floodLimit }) {
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME || os.tmpdir(), NODE_ENV: 'production', REDIS_URL: redisUrl };
  const sides = [];
  for (const spec of sideSpecs({ eachDefence, floodLimit })) {
    const s = { ...spec, prefix: `bench-${spec.key}-${runId}`, results: { gateway: [], drain: [] } };
    s.gatewayPort = await freePort();
    s.gatewayUrl = `http://127.0.0.1:${s.gatewayPort}`;
    if (spec.worker) await prepareWorker(s, baseEnv, pgBase, runId, redisUrl);
    if (spec.kind === 'product') {
      s.deployment ??= productDeployment(s, redisUrl, {});
      const start = { port: s.gatewayPort, name: `${s.key}-gateway` };
      s.startGateway = () => spawned(s.deployment, 'gateway', start);
    } else {
      const gw = {
        ...baseEnv,
        ...spec.gateway,
        QUEUE_PREFIX: s.prefix,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(s.gatewayPort),
      };
      const gatewayEntry = ENTRY[`${spec.kind}Gateway`];
      s.startGateway = () => {
        const proc = startProcess(`${s.key}-gateway`, gatewayEntry, gw, nodeArgs(spec.kind, 'gateway'));
        return { proc, ready: waitHttpOk(proc, `${s.gatewayUrl}/health`, 60000) };
      };
    }
    sides.push(s);
  }
  return sides;
}

async function prepareWorker(s, baseEnv, pgBase, runId, redisUrl) {
  s.db = `bench_${s.key.replace(/-/g, '_')}_${runId}`;
  s.databaseUrl = dbUrl(pgBase, s.db);
  s.sink = await startSink(s.key);
  const smtpUrl = `smtp://127.0.0.1:${s.sink.port}`;
  if (s.kind === 'product') {
    const adminPort = await freePort();
    s.mailDir = path.join(os.tmpdir(), `bench-mail-${s.key}-${runId}`);
    s.deployment = productDeployment(s, redisUrl, {
      databaseUrl: s.databaseUrl,
      smtpUrl,
      mailDir: s.mailDir,
      adminPassword: randomBytes(12).toString('hex'),
    });
    const start = { port: adminPort, name: `${s.key}-worker`, timeoutMs: 90000 };
    s.startWorker = () => spawned(s.deployment, 'worker', start);
    return;
  }
  const env = {
    ...baseEnv,
    LOG_LEVEL: 'warn',
    ...s.worker,
    QUEUE_PREFIX: s.prefix,
    DATABASE_URL: s.databaseUrl,
    SMTP_URL: smtpUrl,
    MAIL_TO: 'sales@example.com',
  };
  const entry = ENTRY[`${s.kind}Worker`];
  const readyLine = new RegExp(`${s.kind === 'heavy' ? 'baseline' : 'lean'}-worker ready`);
  s.startWorker = () => {
    const proc = startProcess(`${s.key}-worker`, entry, env, nodeArgs(s.kind));
    return { proc, ready: waitLine(proc, readyLine, 60000) };
  };
}

module.exports = { ENTRY, prepareSides, productDeployment };
