#!/usr/bin/env node
'use strict';
/**
 * `node bench/csv-memory.js --database-url URL`: the worker's RSS while it
 * streams GET /admin/leads.csv of every lead in the database (seed one with
 * `npm run seed:demo -- --leads N --database-url URL`), to a fast client
 * (reads as fast as it can) and to a slow one (100 KB/s for --slow-seconds).
 *
 * Starts the built worker (admin role only, NODE_ENV=production, the start
 * script's node flags) on the database, samples its RSS every 200 ms from
 * /proc and prints: RSS before, peak during and after each export, rows,
 * rows/s and time to first byte. Nothing is built: run `npm run build`.
 *
 * Flags: --database-url URL (required), --slow-seconds N (20), --slow-rate BYTES_PER_S (102400).
 * Env: REDIS_URL (redis://127.0.0.1:6379).
 */
const { randomBytes } = require('node:crypto');
const http = require('node:http');
const { parseArgs } = require('node:util');
const { setTimeout: sleep } = require('node:timers/promises');
const { freePort } = require('../test/support/ports');
const { deletePrefix } = require('../test/support/redis');
const { pgQuery } = require('./lib/environment');
const { killAll, rssMb, rssSampler } = require('./lib/processes');
const { productDeployment } = require('./lib/sides');

const log = (msg) => process.stderr.write(`[bench:csv] ${msg}\n`);

/** GET the export; `rate` (bytes/s) throttles the reader, `seconds` stops it early. */
function download(url, password, { rate = Infinity, seconds = Infinity } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let firstByteMs = null;
    let bytes = 0;
    let lines = 0;
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    const req = http.get(url, { headers: { authorization: auth } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export answered ${res.statusCode}`));
      const done = () =>
        resolve({ bytes, rows: Math.max(0, lines - 1), ms: Number(process.hrtime.bigint() - started) / 1e6, firstByteMs });
      const stopAt = Date.now() + seconds * 1000;
      res.on('data', (chunk) => {
        firstByteMs ??= Number(process.hrtime.bigint() - started) / 1e6;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (Date.now() >= stopAt) {
          req.destroy();
          return done();
        }
        if (rate !== Infinity) {
          // Hold the socket for as long as this chunk takes at the rate: the server's writes must wait.
          res.pause();
          setTimeout(() => res.resume(), (chunk.length / rate) * 1000);
        }
      });
      res.on('end', done);
      res.on('error', reject);
    });
    req.on('error', (err) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'slow-seconds': { type: 'string', default: '20' },
      'slow-rate': { type: 'string', default: '102400' },
    },
  });
  const databaseUrl = values['database-url'];
  if (!databaseUrl) throw new Error('--database-url is required');
  const {
    rows: [{ n }],
  } = await pgQuery(databaseUrl, 'SELECT count(*)::int AS n FROM leads');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-csv-${randomBytes(4).toString('hex')}`;
  // The suites' deployment rig over the built worker (the start script's node flags), admin role only.
  const deployment = productDeployment(
    {
      prefix,
      worker: { NODE_ENV: 'production', LOG_LEVEL: 'warn', WORKER_ROLES: 'admin' },
    },
    redisUrl,
    { databaseUrl, mailDir: `/tmp/bench-csv-mail-${port}`, adminPassword: password },
  );
  const worker = await deployment.startWorker({ port, name: 'csv-worker', timeoutMs: 600_000 });
  try {
    const base = `http://127.0.0.1:${port}`;
    // A small export first: modules and plans warm, as on a worker that has served a while.
    await download(`${base}/admin/leads.csv?from=2100-01-01`, password);
    await sleep(2000);
    const rows = [];
    for (const [name, options] of [
      ['fast client', {}],
      [
        `slow client (${Number(values['slow-rate']) / 1024} KB/s, ${values['slow-seconds']} s)`,
        { rate: Number(values['slow-rate']), seconds: Number(values['slow-seconds']) },
      ],
    ]) {
      const before = rssMb(worker.child.pid);
      const peak = rssSampler(worker.child.pid);
      const r = await download(`${base}/admin/leads.csv`, password, options);
      const max = peak();
      await sleep(1000);
      rows.push({ name, before, max, after: rssMb(worker.child.pid), ...r });
      log(`${name}: ${r.rows} rows in ${(r.ms / 1000).toFixed(1)} s`);
    }
    console.log(`leads in the database: ${n}\n`);
    console.log('| client | rows | rows/s | first byte | RSS before | RSS peak | growth | RSS after |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.rows} | ${Math.round(r.rows / (r.ms / 1000))} | ${Math.round(r.firstByteMs)} ms | ${r.before.toFixed(0)} MB | ${r.max.toFixed(0)} MB | +${(r.max - r.before).toFixed(0)} MB | ${r.after.toFixed(0)} MB |`,
      );
    }
  } finally {
    await deployment.stop();
    // The worker's queues and schedules stay in Redis after it stops.
    await deletePrefix(prefix, redisUrl);
  }
}

main().catch((err) => {
  log(err.stack || err.message);
  killAll();
  process.exit(1);
});
