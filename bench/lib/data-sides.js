'use strict';
/**
 * bench/data.js's sides: a database with the built apps running on it
 * (NODE_ENV=production, the benchmark's settings: defences off,
 * LOG_LEVEL=warn, every lead its own alert), each with its own
 * QUEUE_PREFIX, ports and SMTP sink.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Queue } = require('bullmq');
const IORedis = require('ioredis');
const { ALERTS_ONLY, LIMITS_OFF } = require('../../test/support/deployment');
const { freePort } = require('../../test/support/ports');
const { deleteKeys: clearPrefix } = require('../../test/support/redis');
const { pgQuery } = require('./environment');
const { stopProcess } = require('./processes');
const { productDeployment } = require('./sides');
const { startSink } = require('./smtp-sink');

// QueueName.LeadIntake (libs/contracts/src/queues.ts): paused while a batch is posted.
const INTAKE_QUEUE = 'lead-intake';

const log = (msg) => process.stderr.write(`[bench:data] ${msg}\n`);

/** A side: its database (seeded as asked), sink, ports and running apps. */
async function startSide(key, databaseUrl, runId, redisUrl) {
  const s = { key, databaseUrl, prefix: `bench-data-${key}-${runId}`, results: { new: [], one: [] } };
  s.sink = await startSink(key);
  s.intakeRedis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  s.intake = new Queue(INTAKE_QUEUE, { connection: s.intakeRedis, prefix: s.prefix });
  const adminPort = await freePort();
  const gatewayPort = await freePort();
  s.adminUrl = `http://127.0.0.1:${adminPort}`;
  s.gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  s.adminPassword = randomBytes(12).toString('hex');
  s.mailDir = path.join(os.tmpdir(), `bench-data-mail-${key}-${runId}`);
  const deployment = productDeployment(s, redisUrl, {
    databaseUrl,
    smtpUrl: `smtp://127.0.0.1:${s.sink.port}`,
    mailDir: s.mailDir,
    adminPassword: s.adminPassword,
    env: { LOG_LEVEL: 'warn', ...LIMITS_OFF },
    workerEnv: {
      ...ALERTS_ONLY,
      // Time spent in store_new_lead(), per call, in pg_stat_user_functions (lib/data-load.js).
      PGOPTIONS: '-c track_functions=pl',
    },
  });
  const worker = deployment.spawn('worker', { port: adminPort, name: `data-${key}-worker`, timeoutMs: 600_000 });
  const gateway = deployment.spawn('gateway', { port: gatewayPort, name: `data-${key}-gateway` });
  s.worker = worker.app;
  s.gateway = gateway.app;
  // The first start on a big database may apply migrations (indexes built concurrently): give it time.
  await Promise.all([worker.ready, gateway.ready]);
  return s;
}

async function stopSide(s, redis, drop) {
  await stopProcess(s.gateway);
  await stopProcess(s.worker);
  await s.intake.close();
  s.intakeRedis.disconnect();
  await clearPrefix(redis, s.prefix).catch((err) => log(`could not clear ${s.prefix}: ${err.message}`));
  await s.sink.close();
  fs.rmSync(s.mailDir, { recursive: true, force: true });
  if (drop) await pgQuery(drop.server, `DROP DATABASE IF EXISTS "${drop.name}" WITH (FORCE)`).catch((err) => log(err.message));
}

module.exports = { startSide, stopSide };
