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
const { nodeFlags } = require('../../scripts/node-flags');
const { clearPrefix, freePort, pgQuery } = require('./environment');
const { startProcess, stopProcess, waitHttpOk } = require('./processes');
const { ENTRY } = require('./sides');
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
  const base = { PATH: process.env.PATH, HOME: process.env.HOME || os.tmpdir(), NODE_ENV: 'production', REDIS_URL: redisUrl };
  const common = { ...base, LOG_LEVEL: 'warn', QUEUE_PREFIX: s.prefix };
  s.worker = startProcess(
    `data-${key}-worker`,
    ENTRY.productWorker,
    {
      ...common,
      ...{
        DATABASE_URL: databaseUrl,
        SMTP_URL: `smtp://127.0.0.1:${s.sink.port}`,
        MAIL_TO: 'sales@example.com',
        MAIL_DIR: s.mailDir,
      },
      ...{ ADMIN_HOST: '127.0.0.1', ADMIN_PORT: String(adminPort), ADMIN_PASSWORD: s.adminPassword },
      ...{ FLOOD_ALERTS_PER_MINUTE: '0', AUTORESPONSE_ENABLED: 'false' },
      // Time spent in store_new_lead(), per call, in pg_stat_user_functions (lib/data-load.js).
      PGOPTIONS: '-c track_functions=pl',
    },
    nodeFlags('worker'),
  );
  s.gateway = startProcess(
    `data-${key}-gateway`,
    ENTRY.productGateway,
    {
      ...common,
      ...{ GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(gatewayPort) },
      ...{ RATE_LIMIT_PER_MINUTE: '0', DUPLICATE_WINDOW_SECONDS: '0', MIN_FILL_SECONDS: '0' },
    },
    nodeFlags('gateway'),
  );
  // The first start on a big database may apply migrations (indexes built concurrently): give it time.
  await Promise.all([
    waitHttpOk(s.worker, `${s.adminUrl}/health`, 600_000),
    waitHttpOk(s.gateway, `${s.gatewayUrl}/health`, 60_000),
  ]);
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
