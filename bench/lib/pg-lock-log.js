'use strict';
/**
 * Postgres's own view of lock waits during a run: log_lock_waits on and
 * deadlock_timeout lowered (ALTER SYSTEM + pg_reload_conf, the server-wide
 * settings put back as they were afterwards), then the "still waiting" /
 * "acquired" lines the server log gained meanwhile for the database.
 */
const fs = require('node:fs');
const { pgQuery } = require('./environment');

const SETTINGS = ['log_lock_waits', 'deadlock_timeout'];

/** Sets the two settings; resolves with `restore()`, which puts back what ALTER SYSTEM had (or resets). */
async function logLockWaits(databaseUrl, timeoutMs) {
  // A value ALTER SYSTEM had set is set again; otherwise RESET (postgresql.conf's value, or the default, applies).
  const { rows: auto } = await pgQuery(
    databaseUrl,
    `SELECT name, setting FROM pg_file_settings WHERE name = ANY($1) AND sourcefile LIKE '%postgresql.auto.conf' AND applied`,
    [SETTINGS],
  );
  const altered = new Map(auto.map((r) => [r.name, r.setting]));
  await pgQuery(databaseUrl, `ALTER SYSTEM SET log_lock_waits = on`);
  await pgQuery(databaseUrl, `ALTER SYSTEM SET deadlock_timeout = '${Number(timeoutMs)}ms'`);
  await pgQuery(databaseUrl, `SELECT pg_reload_conf()`);
  return async function restore() {
    for (const name of SETTINGS) {
      const value = altered.get(name);
      if (value !== undefined) await pgQuery(databaseUrl, `ALTER SYSTEM SET ${name} = '${value.replace(/'/g, "''")}'`);
      else await pgQuery(databaseUrl, `ALTER SYSTEM RESET ${name}`);
    }
    await pgQuery(databaseUrl, `SELECT pg_reload_conf()`);
  };
}

/** The log's size now, where a later `lockWaitsSince` starts reading; null when it cannot be read. */
function logOffset(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/**
 * The lock-wait lines written to `file` after `offset` by sessions of
 * `database` (log_line_prefix holds `%d`, as Debian's default does), each
 * with the statement the server logged after it.
 */
function lockWaitsSince(file, offset, database) {
  if (offset === null) return null;
  const fd = fs.openSync(file, 'r');
  let text;
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    text = buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
  const lines = text.split('\n');
  const waits = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /@(\S+) LOG: +process \d+ (still waiting for|acquired) (.+?) after ([\d.]+) ms/.exec(lines[i]);
    if (!m || m[1] !== database) continue;
    const statement = lines
      .slice(i + 1, i + 6)
      .find((l) => / STATEMENT: /.test(l))
      ?.replace(/^.* STATEMENT: +/, '');
    waits.push({ kind: m[2], lock: m[3], ms: Number(m[4]), statement: statement ?? '' });
  }
  return waits;
}

module.exports = { logLockWaits, logOffset, lockWaitsSince };
