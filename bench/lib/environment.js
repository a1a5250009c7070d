'use strict';
/**
 * What the benchmark runs against: the machine's description for the
 * report, and the Postgres databases each side uses (dropped afterwards;
 * its Redis keys go with test/support/redis.js's deleteKeys).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');

const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

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
    load: loadAverage(),
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

module.exports = { loadAverage, machine, dbUrl, pgQuery, rowCounts };
